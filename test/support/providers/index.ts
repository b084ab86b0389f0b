export * from './fake-provider-server';
export * from './fake-twilio-server';
export * from './fake-whatsapp-cloud-server';
export * from './fake-stripe-server';
