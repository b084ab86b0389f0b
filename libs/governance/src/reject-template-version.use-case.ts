import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/auth';
import { TemplateVersionsRepository } from '@app/template-store';
import { VersionLifecycle } from './lifecycle/version-lifecycle';
import { toVersionView, VersionView } from './template-version.view';
import type { VersionRef } from './submit-template-version.use-case';

/** Sends a version in review back with the reviewer's reason; the author drafts again from it. */
@Injectable()
export class RejectTemplateVersionUseCase {
  constructor(
    private readonly versions: TemplateVersionsRepository,
    @InjectDataSource() private readonly db: DataSource,
    private readonly lifecycle: VersionLifecycle,
  ) {}

  async execute(input: VersionRef & { readonly comment: string }, principal: Principal): Promise<VersionView> {
    return this.db.transaction(async (manager) => {
      const template = await this.versions.lock(manager, input.key);
      const version = await this.versions.version(manager, template, input.number);
      const saved = await this.lifecycle.reject(manager, this.versions, template, version, principal, input.comment);
      return toVersionView(template.key, saved);
    });
  }
}
