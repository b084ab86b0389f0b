import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { TemplatingModule } from '@app/templating';
import { AssetQueries } from './asset-queries.service';
import { AssetStore } from './asset-store';
import { assetStoreProvider } from './asset-store.factory';
import { ImportBuiltInAssetsUseCase } from './import-built-in-assets.use-case';
import { UploadAssetUseCase } from './upload-asset.use-case';

/** Brand assets: immutable uploads behind the `AssetStore` port (`CCM_ASSET_STORE`), read by hash when documents render. */
@Module({
  imports: [TemplatingModule, AuditModule],
  providers: [assetStoreProvider, UploadAssetUseCase, ImportBuiltInAssetsUseCase, AssetQueries],
  exports: [AssetStore, UploadAssetUseCase, ImportBuiltInAssetsUseCase, AssetQueries],
})
export class AssetsModule {}
