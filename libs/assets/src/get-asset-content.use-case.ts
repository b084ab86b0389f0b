import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/kernel';
import type { AssetContentType } from '@app/contracts';
import { AssetStore } from './asset-store';
import { AssetView, toAssetView } from './asset.view';

export interface AssetContent {
  readonly view: AssetView;
  readonly contentType: AssetContentType;
  readonly bytes: Buffer;
}

/** The bytes of the latest upload of a name, or of one upload of it. */
@Injectable()
export class GetAssetContentUseCase {
  constructor(private readonly store: AssetStore) {}

  async execute(name: string, version?: number): Promise<AssetContent> {
    const versions = await this.store.versions(name);
    const record = version === undefined ? versions[0] : versions.find((candidate) => candidate.version === version);
    if (!record) throw new DomainError('not_found', version === undefined ? `No asset "${name}"` : `No version ${version} of asset "${name}"`);
    const bytes = await this.store.content(record.sha256);
    if (!bytes) throw new DomainError('not_found', `The bytes of asset "${name}" v${record.version} are missing from the asset store`);
    return { view: toAssetView(record), contentType: record.contentType, bytes };
  }
}
