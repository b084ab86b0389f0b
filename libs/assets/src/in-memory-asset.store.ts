import type { EntityManager } from 'typeorm';
import { assetSha256 } from '@app/contracts';
import { BUILT_IN_ACTOR, type BuiltInAsset } from '@app/template-store';
import { AssetRecord, AssetStore, NewAsset } from './asset-store';

/**
 * Assets in process memory: the `memory` driver of `CCM_ASSET_STORE` for one
 * development process, rendering without a database (the benchmark, tests of
 * the composers), and the fake of the port in unit tests.
 */
export class InMemoryAssetStore extends AssetStore {
  private readonly records: AssetRecord[] = [];
  private readonly bytes = new Map<string, Buffer>();

  /** A store holding `assets` (e.g. `loadBuiltInAssets(...)`) as version 1 of their names. */
  static async of(assets: readonly BuiltInAsset[]): Promise<InMemoryAssetStore> {
    const store = new InMemoryAssetStore();
    for (const asset of assets) await store.add({ ...asset, createdBy: BUILT_IN_ACTOR });
    return store;
  }

  async add(asset: NewAsset, _manager?: EntityManager): Promise<AssetRecord> {
    const version = this.records.filter((record) => record.name === asset.name).length + 1;
    const sha256 = assetSha256(asset.bytes);
    const record: AssetRecord = {
      name: asset.name,
      version,
      contentType: asset.contentType,
      sha256,
      size: asset.bytes.length,
      createdBy: asset.createdBy,
      createdAt: new Date(),
    };
    this.records.push(record);
    this.bytes.set(sha256, Buffer.from(asset.bytes));
    return record;
  }

  async lockName(_name: string, _manager: EntityManager): Promise<void> {
    // One process, and every method completes its change before yielding: nothing to serialise.
  }

  async latest(names: Iterable<string>, _manager?: EntityManager): Promise<Record<string, AssetRecord>> {
    const latest: Record<string, AssetRecord> = {};
    for (const name of new Set(names)) {
      const newest = this.newestOf(name);
      if (newest) latest[name] = newest;
    }
    return latest;
  }

  async find(name: string, sha256: string, _manager?: EntityManager): Promise<AssetRecord | null> {
    return this.records.find((record) => record.name === name && record.sha256 === sha256) ?? null;
  }

  async list(): Promise<AssetRecord[]> {
    const names = [...new Set(this.records.map((record) => record.name))].sort();
    return names.map((name) => this.newestOf(name)!);
  }

  async versions(name: string): Promise<AssetRecord[]> {
    return this.records.filter((record) => record.name === name).reverse();
  }

  async content(sha256: string): Promise<Buffer | null> {
    const bytes = this.bytes.get(sha256);
    return bytes ? Buffer.from(bytes) : null;
  }

  private newestOf(name: string): AssetRecord | undefined {
    return this.records.findLast((record) => record.name === name);
  }
}
