import type { Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig, unknownDriver } from '@app/config';
import { AssetStore } from './asset-store';
import { InMemoryAssetStore } from './in-memory-asset.store';
import { PostgresAssetStore } from './postgres-asset.store';

/**
 * The one place that picks the `AssetStore` adapter: `CCM_ASSET_STORE`.
 * `memory` is for one development process: uploads vanish when it stops, and
 * the built-in assets are imported again at the next start.
 */
export function createAssetStore(config: AppConfig, db: DataSource): AssetStore {
  const driver = config.drivers.assetStore;
  switch (driver) {
    case 'postgres':
      return new PostgresAssetStore(db);
    case 'memory':
      return new InMemoryAssetStore();
    default:
      return unknownDriver('assetStore', driver);
  }
}

export const assetStoreProvider: Provider = {
  provide: AssetStore,
  inject: [APP_CONFIG, getDataSourceToken()],
  useFactory: createAssetStore,
};
