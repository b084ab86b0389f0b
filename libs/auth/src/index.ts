export * from './role';
export * from './api-key.entity';
export * from './identity.entity';
export * from './key-holder';
export * from './api-key.repository';
export * from './bootstrap-admin-key';
export * from './auth.module';
export { displayPrefix, hashApiKey } from './api-key.secret';
