export * from './blob-store';
export * from './blob-key';
export * from './postgres.blob-store';
export * from './filesystem.blob-store';
export * from './blob-store.factory';
export * from './blobs.module';
