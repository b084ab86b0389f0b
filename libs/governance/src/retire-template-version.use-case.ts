import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/auth';
import { TemplateVersionsRepository } from '@app/template-store';
import { VersionLifecycle } from './lifecycle/version-lifecycle';
import { toVersionView, VersionView } from './template-version.view';
import type { VersionRef } from './submit-template-version.use-case';

/**
 * Retires a published or approved version (cancelling any scheduled publish).
 * Retiring the published version leaves the template without one: documents
 * of that type are refused until another version is published.
 */
@Injectable()
export class RetireTemplateVersionUseCase {
  constructor(
    private readonly versions: TemplateVersionsRepository,
    @InjectDataSource() private readonly db: DataSource,
    private readonly lifecycle: VersionLifecycle,
  ) {}

  async execute(ref: VersionRef, principal: Principal): Promise<VersionView> {
    return this.db.transaction(async (manager) => {
      const template = await this.versions.lock(manager, ref.key);
      const version = await this.versions.version(manager, template, ref.number);
      const saved = await this.lifecycle.retire(manager, this.versions, template, version, principal);
      return toVersionView(template.key, saved);
    });
  }
}
