import type { DataSource } from 'typeorm';
import { loadConfig } from '@app/config';
import { createAssetStore } from './asset-store.factory';
import { InMemoryAssetStore } from './in-memory-asset.store';
import { PostgresAssetStore } from './postgres-asset.store';

describe('createAssetStore', () => {
  const db = {} as DataSource;

  it('keeps brand assets in PostgreSQL by default, and in memory only when that is chosen', () => {
    expect(createAssetStore(loadConfig({}), db)).toBeInstanceOf(PostgresAssetStore);
    expect(createAssetStore(loadConfig({ CCM_ASSET_STORE: 'memory' }), db)).toBeInstanceOf(InMemoryAssetStore);
  });
});
