import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/auth';
import { VersionLifecycle } from './lifecycle/version-lifecycle';
import { templateVersions as versions } from '@app/template-store';
import { toVersionView, VersionView } from './template-version.view';
import type { VersionRef } from './submit-version.use-case';

/**
 * Retires a published or approved version (cancelling any scheduled publish).
 * Retiring the published version leaves the template without one: documents
 * of that type are refused until another version is published.
 */
@Injectable()
export class RetireVersionUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly lifecycle: VersionLifecycle,
  ) {}

  async execute(ref: VersionRef, principal: Principal): Promise<VersionView> {
    return this.db.transaction(async (manager) => {
      const template = await versions.lock(manager, ref.key);
      const version = await versions.version(manager, template, ref.number);
      const saved = await this.lifecycle.retire(manager, versions, template, version, principal);
      return toVersionView(template.key, saved);
    });
  }
}
