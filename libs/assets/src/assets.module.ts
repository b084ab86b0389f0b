import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { TemplateStoreModule } from '@app/template-store';
import { AssetQueries } from './asset-queries.service';
import { AssetStore } from './asset-store';
import { ImportBuiltInAssetsUseCase } from './import-built-in-assets.use-case';
import { PostgresAssetStore } from './postgres-asset.store';
import { UploadAssetUseCase } from './upload-asset.use-case';

/** Brand assets: immutable uploads behind the `AssetStore` port (PostgreSQL), read by hash when documents render. */
@Module({
  imports: [TemplateStoreModule, AuditModule],
  providers: [{ provide: AssetStore, useClass: PostgresAssetStore }, UploadAssetUseCase, ImportBuiltInAssetsUseCase, AssetQueries],
  exports: [AssetStore, UploadAssetUseCase, ImportBuiltInAssetsUseCase, AssetQueries],
})
export class AssetsModule {}
