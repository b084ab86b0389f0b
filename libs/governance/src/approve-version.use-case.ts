import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLog } from '@app/audit';
import type { Principal } from '@app/auth';
import { DomainError } from '@app/kernel';
import { GOVERNANCE_SETTINGS, GovernanceSettings } from './governance.settings';
import { TemplateVersionsRepository as Versions, versionSubject } from './template-versions.repository';
import { toVersionView, VersionView } from './template-version.view';
import { VersionPublisher } from './version-publisher';
import type { VersionRef } from './submit-version.use-case';

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
export class ApproveVersionUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditLog,
    private readonly publisher: VersionPublisher,
    @Inject(GOVERNANCE_SETTINGS) private readonly settings: GovernanceSettings,
  ) {}

  async execute(input: ReviewInput, principal: Principal): Promise<VersionView> {
    return this.db.transaction(async (manager) => {
      const template = await Versions.lockTemplate(manager, input.key);
      let version = await Versions.version(manager, template, input.number);
      if (version.status !== 'in_review') {
        throw new DomainError('invalid_state', `Version ${version.number} of "${template.key}" is ${version.status}, not in review`, [], {
          versionStatus: version.status,
        });
      }
      if (version.author === principal.keyId) {
        throw new DomainError('forbidden', `Four-eyes: the author of version ${version.number} of "${template.key}" cannot approve it`);
      }
      const now = new Date();
      version.status = 'approved';
      version.approvedBy = principal.keyId;
      version.approvedAt = now;
      version.reviewedBy = principal.keyId;
      version.reviewedAt = now;
      version.reviewComment = input.comment ?? null;
      version = await Versions.save(manager, version);
      await this.audit.append(manager, {
        actor: principal.keyId,
        action: 'version.approved',
        subject: versionSubject(template.key, version.number),
        details: { contentHash: version.contentHash, comment: input.comment ?? null },
      });
      if (input.publish ?? this.settings.publishOnApprove) {
        version = await this.publisher.publish(manager, template, version, principal.keyId, { approvedAndPublished: true });
      }
      return toVersionView(template.key, version);
    });
  }
}
