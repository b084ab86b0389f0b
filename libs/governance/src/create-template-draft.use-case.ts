import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/auth';
import type { TemplateContent } from '@app/contracts';
import { TemplateVersionsRepository } from '@app/template-store';
import { AssetCapture } from './assets/asset-capture';
import { BlockCapture } from './blocks/block-capture';
import { VersionLifecycle } from './lifecycle/version-lifecycle';
import { assertValidContent } from './version-content.rules';
import { toVersionView, VersionView } from './template-version.view';

export interface CreateDraftVersionInput {
  readonly key: string;
  readonly content: TemplateContent;
  /** The version this draft was made from (fetched, edited, posted back), if any. */
  readonly basedOn?: number;
}

/**
 * A new draft: from scratch or from an earlier version. Editing a submitted
 * version always goes through here. The draft carries the locked blocks it
 * includes as published now, and the latest upload of each asset it inlines,
 * so it can be previewed.
 */
@Injectable()
export class CreateTemplateDraftUseCase {
  constructor(
    private readonly versions: TemplateVersionsRepository,
    @InjectDataSource() private readonly db: DataSource,
    private readonly lifecycle: VersionLifecycle,
    private readonly blocks: BlockCapture,
    private readonly assets: AssetCapture,
  ) {}

  async execute(input: CreateDraftVersionInput, principal: Principal): Promise<VersionView> {
    return this.db.transaction(async (manager) => {
      const template = await this.versions.lock(manager, input.key);
      assertValidContent(input.content, template.kind);
      const content = await this.assets.capture(manager, await this.blocks.capture(manager, input.content));
      const saved = await this.lifecycle.draft(manager, this.versions, template, { content, basedOn: input.basedOn }, principal);
      return toVersionView(template.key, saved);
    });
  }
}
