export * from './email-compiler';
export * from './email.constants';
export * from './describe-email';
export * from './mime-message';
