import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '@app/kernel';
import { BUILT_IN_ACTOR, type BuiltInAsset } from '@app/template-store';
import { assetBytesProblems } from './asset-bytes.rules';
import { AssetStore } from './asset-store';

/**
 * Imports the brand assets shipped in `templates/_assets/` as version 1 of
 * their names, before the built-in blocks and templates that inline them. A
 * name that has any upload already is left alone: once there, an asset changes
 * only by new uploads. Shipped files are held to the rules of an upload.
 */
@Injectable()
export class ImportBuiltInAssetsUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly store: AssetStore,
  ) {}

  async execute(assets: readonly BuiltInAsset[]): Promise<string[]> {
    const imported: string[] = [];
    for (const asset of assets) {
      const problems = assetBytesProblems(asset.contentType, asset.bytes);
      if (problems.length) throw new DomainError('template_invalid', `Built-in asset "${asset.name}" ${problems.join('; ')}`);
      await this.db.transaction(async (manager) => {
        await this.store.lockName(asset.name, manager);
        if ((await this.store.latest([asset.name], manager))[asset.name]) return;
        await this.store.add({ name: asset.name, contentType: asset.contentType, bytes: asset.bytes, createdBy: BUILT_IN_ACTOR }, manager);
        imported.push(asset.name);
      });
    }
    return imported;
  }
}
