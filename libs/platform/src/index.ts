export * from './platform-runtime';
export * from './platform.module';
export * from './graceful-shutdown';
export * from './run-process';
