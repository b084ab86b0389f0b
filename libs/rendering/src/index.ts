export * from './email';
export * from './sms';
export * from './whatsapp';
export * from './pdf';
export * from './qr';
