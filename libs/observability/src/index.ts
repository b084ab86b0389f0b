export * from './json-logger';
export * from './request-context';
export * from './metrics';
export * from './metrics-server';
