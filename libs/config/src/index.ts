export * from './app-config';
export * from './drivers';
export * from './load-config';
export * from './config.module';
