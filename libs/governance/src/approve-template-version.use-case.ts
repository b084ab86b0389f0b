import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/auth';
import { TemplateVersionsRepository } from '@app/template-store';
import { VersionLifecycle } from './lifecycle/version-lifecycle';
import { toVersionView, VersionView } from './template-version.view';
import type { VersionRef } from './submit-template-version.use-case';

export interface ReviewInput extends VersionRef {
  readonly comment?: string;
  /** Approve and publish at once; defaults to the platform setting. */
  readonly publish?: boolean;
}

/**
 * Approves a version in review. Four-eyes: the author of a version can never
 * approve it, whatever their roles — admins included.
 */
@Injectable()
export class ApproveTemplateVersionUseCase {
  constructor(
    private readonly versions: TemplateVersionsRepository,
    @InjectDataSource() private readonly db: DataSource,
    private readonly lifecycle: VersionLifecycle,
  ) {}

  async execute(input: ReviewInput, principal: Principal): Promise<VersionView> {
    return this.db.transaction(async (manager) => {
      const template = await this.versions.lock(manager, input.key);
      const version = await this.versions.version(manager, template, input.number);
      const saved = await this.lifecycle.approve(manager, this.versions, template, version, principal, input);
      return toVersionView(template.key, saved);
    });
  }
}
