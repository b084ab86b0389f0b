import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/auth';
import { BlockVersionsRepository } from '@app/template-store';
import { VersionLifecycle } from '../lifecycle/version-lifecycle';
import { BlockVersionView, toBlockVersionView } from './block.view';
import type { BlockVersionRef } from './submit-block-version.use-case';

/**
 * Publishes an approved block version (or publishes a once-published one again).
 * Template versions already submitted keep the block they captured, so documents
 * never change under a publish; templates take the new block with their next version.
 */
@Injectable()
export class PublishBlockVersionUseCase {
  constructor(
    private readonly versions: BlockVersionsRepository,
    @InjectDataSource() private readonly db: DataSource,
    private readonly lifecycle: VersionLifecycle,
  ) {}

  async execute(ref: BlockVersionRef, principal: Principal): Promise<BlockVersionView> {
    return this.db.transaction(async (manager) => {
      const block = await this.versions.lock(manager, ref.name);
      const version = await this.versions.version(manager, block, ref.number);
      const saved = await this.lifecycle.publish(manager, this.versions, block, version, principal.keyId);
      return toBlockVersionView(block.name, saved);
    });
  }
}
