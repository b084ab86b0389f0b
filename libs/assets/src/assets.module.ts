import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { TemplateStoreModule } from '@app/template-store';
import { AssetStore } from './asset-store';
import { assetStoreProvider } from './asset-store.factory';
import { GetAssetUseCase } from './get-asset.use-case';
import { GetAssetContentUseCase } from './get-asset-content.use-case';
import { ImportBuiltInAssetsUseCase } from './import-built-in-assets.use-case';
import { ListAssetsUseCase } from './list-assets.use-case';
import { UploadAssetUseCase } from './upload-asset.use-case';

const READS = [ListAssetsUseCase, GetAssetUseCase, GetAssetContentUseCase];

/** Brand assets: immutable uploads behind the `AssetStore` port (`CCM_ASSET_STORE`), read by hash when documents render. */
@Module({
  imports: [TemplateStoreModule, AuditModule],
  providers: [assetStoreProvider, UploadAssetUseCase, ImportBuiltInAssetsUseCase, ...READS],
  exports: [AssetStore, UploadAssetUseCase, ImportBuiltInAssetsUseCase, ...READS],
})
export class AssetsModule {}
