import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/kernel';
import { AssetStore } from './asset-store';
import { AssetDetailView, toAssetView } from './asset.view';

/** Every upload of one asset name, latest first. */
@Injectable()
export class GetAssetUseCase {
  constructor(private readonly store: AssetStore) {}

  async execute(name: string): Promise<AssetDetailView> {
    const versions = await this.store.versions(name);
    if (versions.length === 0) throw new DomainError('not_found', `No asset "${name}"`);
    return { name, latest: toAssetView(versions[0]), versions: versions.map(toAssetView) };
  }
}
