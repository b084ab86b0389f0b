import type { Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import * as path from 'node:path';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig, unknownDriver } from '@app/config';
import { BlobStore } from './blob-store';
import { FilesystemBlobStore } from './filesystem.blob-store';
import { PostgresBlobStore } from './postgres.blob-store';

/** The folder of the filesystem driver, inside the data folder. */
export function blobFolder(config: AppConfig): string {
  return path.join(config.dataDir, 'blobs');
}

/** The one place that picks the `BlobStore` adapter: `CCM_BLOB_STORE`. */
export function createBlobStore(config: AppConfig, db: DataSource): BlobStore {
  const driver = config.drivers.blobStore;
  switch (driver) {
    case 'postgres':
      return new PostgresBlobStore(db);
    case 'filesystem':
      return new FilesystemBlobStore(blobFolder(config));
    default:
      return unknownDriver('blobStore', driver);
  }
}

export const blobStoreProvider: Provider = {
  provide: BlobStore,
  inject: [APP_CONFIG, getDataSourceToken()],
  useFactory: createBlobStore,
};
