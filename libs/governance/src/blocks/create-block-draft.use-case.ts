import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/auth';
import type { BlockContent } from '@app/contracts';
import { BlockVersionsRepository } from '@app/template-store';
import { VersionLifecycle } from '../lifecycle/version-lifecycle';
import { assertValidBlockContent } from './block-drafts.rules';
import { BlockVersionView, toBlockVersionView } from './block.view';

export interface CreateBlockDraftInput {
  readonly name: string;
  readonly content: BlockContent;
  readonly basedOn?: number;
}

/** A new draft of a locked block, from scratch or from an earlier version. */
@Injectable()
export class CreateBlockDraftUseCase {
  constructor(
    private readonly versions: BlockVersionsRepository,
    @InjectDataSource() private readonly db: DataSource,
    private readonly lifecycle: VersionLifecycle,
  ) {}

  async execute(input: CreateBlockDraftInput, principal: Principal): Promise<BlockVersionView> {
    assertValidBlockContent(input.content);
    return this.db.transaction(async (manager) => {
      const block = await this.versions.lock(manager, input.name);
      const saved = await this.lifecycle.draft(manager, this.versions, block, { content: input.content, basedOn: input.basedOn }, principal);
      return toBlockVersionView(block.name, saved);
    });
  }
}
