import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLog } from '@app/audit';
import type { Principal } from '@app/auth';
import { DomainError } from '@app/kernel';
import { TemplateVersionsRepository as Versions, versionSubject } from './template-versions.repository';
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
    private readonly audit: AuditLog,
  ) {}

  async execute(ref: VersionRef, principal: Principal): Promise<VersionView> {
    return this.db.transaction(async (manager) => {
      const template = await Versions.lockTemplate(manager, ref.key);
      const version = await Versions.version(manager, template, ref.number);
      if (version.status !== 'published' && version.status !== 'approved') {
        throw new DomainError('invalid_state', `Version ${version.number} of "${template.key}" is ${version.status}; only published or approved versions are retired`, [], {
          versionStatus: version.status,
        });
      }
      const wasPublished = template.publishedVersion === version.number;
      if (wasPublished) await Versions.setPublished(manager, template, null);
      version.status = 'retired';
      version.retiredAt = new Date();
      version.publishAt = null;
      const saved = await Versions.save(manager, version);
      await this.audit.append(manager, {
        actor: principal.keyId,
        action: 'version.retired',
        subject: versionSubject(template.key, version.number),
        details: { contentHash: version.contentHash, wasPublished },
      });
      return toVersionView(template.key, saved);
    });
  }
}
