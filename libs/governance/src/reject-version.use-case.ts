import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLog } from '@app/audit';
import type { Principal } from '@app/auth';
import { DomainError } from '@app/kernel';
import { TemplateVersionsRepository as Versions, versionSubject } from './template-versions.repository';
import { toVersionView, VersionView } from './template-version.view';
import type { VersionRef } from './submit-version.use-case';

/** Sends a version in review back with the reviewer's reason; the author drafts again from it. */
@Injectable()
export class RejectVersionUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async execute(input: VersionRef & { readonly comment: string }, principal: Principal): Promise<VersionView> {
    return this.db.transaction(async (manager) => {
      const template = await Versions.lockTemplate(manager, input.key);
      const version = await Versions.version(manager, template, input.number);
      if (version.status !== 'in_review') {
        throw new DomainError('invalid_state', `Version ${version.number} of "${template.key}" is ${version.status}, not in review`, [], {
          versionStatus: version.status,
        });
      }
      version.status = 'rejected';
      version.reviewedBy = principal.keyId;
      version.reviewedAt = new Date();
      version.reviewComment = input.comment;
      const saved = await Versions.save(manager, version);
      await this.audit.append(manager, {
        actor: principal.keyId,
        action: 'version.rejected',
        subject: versionSubject(template.key, version.number),
        details: { contentHash: version.contentHash, comment: input.comment },
      });
      return toVersionView(template.key, saved);
    });
  }
}
