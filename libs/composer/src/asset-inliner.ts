import { Injectable } from '@nestjs/common';
import { AssetStore } from '@app/assets';
import { DomainError, LruCache } from '@app/kernel';
import { assetSha256, type CapturedAsset, type InlineAssets, type PinnedVersion, toDataUri } from '@app/contracts';

/**
 * Data URIs kept by SHA-256. Uploads never change, so an entry never goes
 * stale; the bound is what keeps memory in check (at most this many times the
 * largest asset, base64). Logos are a few KB: in practice a few hundred KB.
 */
const URI_CACHE_SIZE = 64;
/** Per version: one lookup per message instead of one per asset. */
const VERSION_CACHE_SIZE = 256;
const NO_ASSETS: InlineAssets = new Map();

/**
 * The data URIs of the assets a version captured, for the merge's `asset`
 * helper. Bytes are read from the asset store by the hash the version pins, so
 * a document renders with exactly the asset that was approved, and are checked
 * against that hash before they are inlined.
 */
@Injectable()
export class AssetInliner {
  private readonly uris = new LruCache<string, Promise<string>>(URI_CACHE_SIZE);
  private readonly versions = new LruCache<string, Promise<InlineAssets>>(VERSION_CACHE_SIZE);

  constructor(private readonly store: AssetStore) {}

  forVersion(version: PinnedVersion): Promise<InlineAssets> {
    const assets = version.content.assets;
    if (!assets || Object.keys(assets).length === 0) return Promise.resolve(NO_ASSETS);
    return this.versions.getOrLoad(version.contentHash, async () => {
      const entries = await Promise.all(Object.entries(assets).map(async ([name, asset]) => [name, await this.uri(name, asset)] as const));
      return new Map(entries);
    });
  }

  private uri(name: string, asset: CapturedAsset): Promise<string> {
    return this.uris.getOrLoad(`${asset.sha256}:${asset.contentType}`, async () => {
      const bytes = await this.store.content(asset.sha256);
      if (!bytes) throw new DomainError('template_invalid', `Asset "${name}" (${asset.sha256}) that the version captured is not in the asset store`);
      // The store is outside the version's hash: bytes that do not match it are never sent.
      if (assetSha256(bytes) !== asset.sha256) throw new DomainError('template_invalid', `Asset "${name}" in the asset store does not match the hash the version captured`);
      return toDataUri(asset.contentType, bytes);
    });
  }

}
