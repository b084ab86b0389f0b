export * from './domain-error';
export * from './clock';
export * from './decimal';
export * from './currency';
export * from './lru-cache';
export * from './text-hygiene';
export { ForegroundWork } from './foreground-work';
