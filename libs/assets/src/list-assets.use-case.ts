import { Injectable } from '@nestjs/common';
import { AssetStore } from './asset-store';
import { AssetView, toAssetView } from './asset.view';

/** The latest upload of every asset name. */
@Injectable()
export class ListAssetsUseCase {
  constructor(private readonly store: AssetStore) {}

  async execute(): Promise<AssetView[]> {
    return (await this.store.list()).map(toAssetView);
  }
}
