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

export interface UpdateDraftVersionInput {
  readonly key: string;
  readonly number: number;
  readonly content: TemplateContent;
}

/**
 * Replaces a draft's content. Only drafts change, and only by their author;
 * others start a new draft from it instead.
 */
@Injectable()
export class UpdateTemplateDraftUseCase {
  constructor(
    private readonly versions: TemplateVersionsRepository,
    @InjectDataSource() private readonly db: DataSource,
    private readonly lifecycle: VersionLifecycle,
    private readonly blocks: BlockCapture,
    private readonly assets: AssetCapture,
  ) {}

  async execute(input: UpdateDraftVersionInput, principal: Principal): Promise<VersionView> {
    return this.db.transaction(async (manager) => {
      const template = await this.versions.lock(manager, input.key);
      const version = await this.versions.version(manager, template, input.number);
      this.lifecycle.assertDraftOf(this.versions, template, version, principal);
      assertValidContent(input.content, template.kind);
      const content = await this.assets.capture(manager, await this.blocks.capture(manager, input.content));
      const saved = await this.lifecycle.edit(manager, this.versions, template, version, content, principal);
      return toVersionView(template.key, saved);
    });
  }
}
