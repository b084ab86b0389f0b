import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/auth';
import { BlockVersionsRepository } from '@app/template-store';
import { VersionLifecycle } from '../lifecycle/version-lifecycle';
import { BlockVersionView, toBlockVersionView } from './block.view';
import type { BlockVersionRef } from './submit-block-version.use-case';

/**
 * Retires a published or approved block version. Without a published version,
 * templates that include the block cannot be submitted until one is published;
 * template versions that captured it keep rendering with it.
 */
@Injectable()
export class RetireBlockVersionUseCase {
  constructor(
    private readonly versions: BlockVersionsRepository,
    @InjectDataSource() private readonly db: DataSource,
    private readonly lifecycle: VersionLifecycle,
  ) {}

  async execute(ref: BlockVersionRef, principal: Principal): Promise<BlockVersionView> {
    return this.db.transaction(async (manager) => {
      const block = await this.versions.lock(manager, ref.name);
      const version = await this.versions.version(manager, block, ref.number);
      const saved = await this.lifecycle.retire(manager, this.versions, block, version, principal);
      return toBlockVersionView(block.name, saved);
    });
  }
}
