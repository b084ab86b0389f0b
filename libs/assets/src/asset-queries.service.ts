import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/kernel';
import type { AssetContentType } from '@app/contracts';
import { AssetStore } from './asset-store';
import { AssetDetailView, AssetView, toAssetView } from './asset.view';

export interface AssetContent {
  readonly view: AssetView;
  readonly contentType: AssetContentType;
  readonly bytes: Buffer;
}

/** Reads assets for people: listings, the uploads of a name, and the bytes of one. */
@Injectable()
export class AssetQueries {
  constructor(private readonly store: AssetStore) {}

  async list(): Promise<AssetView[]> {
    return (await this.store.list()).map(toAssetView);
  }

  async asset(name: string): Promise<AssetDetailView> {
    const versions = await this.store.versions(name);
    if (versions.length === 0) throw new DomainError('not_found', `No asset "${name}"`);
    return { name, latest: toAssetView(versions[0]), versions: versions.map(toAssetView) };
  }

  /** The bytes of the latest upload of `name`, or of upload `version`. */
  async content(name: string, version?: number): Promise<AssetContent> {
    const versions = await this.store.versions(name);
    const record = version === undefined ? versions[0] : versions.find((candidate) => candidate.version === version);
    if (!record) throw new DomainError('not_found', version === undefined ? `No asset "${name}"` : `No version ${version} of asset "${name}"`);
    const bytes = await this.store.content(record.sha256);
    if (!bytes) throw new DomainError('not_found', `The bytes of asset "${name}" v${record.version} are missing from the asset store`);
    return { view: toAssetView(record), contentType: record.contentType, bytes };
  }
}
