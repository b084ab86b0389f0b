import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/auth';
import type { BlockContent } from '@app/contracts';
import { BlockVersionsRepository } from '@app/template-store';
import { VersionLifecycle } from '../lifecycle/version-lifecycle';
import { assertValidBlockContent } from './block-drafts.rules';
import { BlockVersionView, toBlockVersionView } from './block.view';

/** Replaces a block draft's content; only its author may, as with templates. */
@Injectable()
export class UpdateBlockDraftUseCase {
  constructor(
    private readonly versions: BlockVersionsRepository,
    @InjectDataSource() private readonly db: DataSource,
    private readonly lifecycle: VersionLifecycle,
  ) {}

  async execute(input: { readonly name: string; readonly number: number; readonly content: BlockContent }, principal: Principal): Promise<BlockVersionView> {
    return this.db.transaction(async (manager) => {
      const block = await this.versions.lock(manager, input.name);
      const version = await this.versions.version(manager, block, input.number);
      this.lifecycle.assertDraftOf(this.versions, block, version, principal);
      assertValidBlockContent(input.content);
      const saved = await this.lifecycle.edit(manager, this.versions, block, version, input.content, principal);
      return toBlockVersionView(block.name, saved);
    });
  }
}
