import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/auth';
import { BlockVersionsRepository } from '@app/template-store';
import { VersionLifecycle } from '../lifecycle/version-lifecycle';
import { BlockVersionView, toBlockVersionView } from './block.view';
import type { BlockVersionRef } from './submit-block-version.use-case';

/** Approves a block version in review; never by its author (four-eyes, admins included). */
@Injectable()
export class ApproveBlockVersionUseCase {
  constructor(
    private readonly versions: BlockVersionsRepository,
    @InjectDataSource() private readonly db: DataSource,
    private readonly lifecycle: VersionLifecycle,
  ) {}

  async execute(input: BlockVersionRef & { readonly comment?: string; readonly publish?: boolean }, principal: Principal): Promise<BlockVersionView> {
    return this.db.transaction(async (manager) => {
      const block = await this.versions.lock(manager, input.name);
      const version = await this.versions.version(manager, block, input.number);
      const saved = await this.lifecycle.approve(manager, this.versions, block, version, principal, input);
      return toBlockVersionView(block.name, saved);
    });
  }
}
