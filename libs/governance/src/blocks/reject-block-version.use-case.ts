import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/auth';
import { BlockVersionsRepository } from '@app/template-store';
import { VersionLifecycle } from '../lifecycle/version-lifecycle';
import { BlockVersionView, toBlockVersionView } from './block.view';
import type { BlockVersionRef } from './submit-block-version.use-case';

/** Sends a block version in review back with the reviewer's reason. */
@Injectable()
export class RejectBlockVersionUseCase {
  constructor(
    private readonly versions: BlockVersionsRepository,
    @InjectDataSource() private readonly db: DataSource,
    private readonly lifecycle: VersionLifecycle,
  ) {}

  async execute(input: BlockVersionRef & { readonly comment: string }, principal: Principal): Promise<BlockVersionView> {
    return this.db.transaction(async (manager) => {
      const block = await this.versions.lock(manager, input.name);
      const version = await this.versions.version(manager, block, input.number);
      const saved = await this.lifecycle.reject(manager, this.versions, block, version, principal, input.comment);
      return toBlockVersionView(block.name, saved);
    });
  }
}
