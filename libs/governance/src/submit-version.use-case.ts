import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLog } from '@app/audit';
import type { Principal } from '@app/auth';
import { DomainError } from '@app/kernel';
import { ComplianceLinter } from './lint/compliance-linter';
import { sampleDataSets } from './samples/sample-data-sets';
import { TemplateVersionsRepository as Versions, versionSubject } from './template-versions.repository';
import { toVersionView, VersionView } from './template-version.view';
import { assertDraftOf } from './update-draft-version.use-case';

export interface VersionRef {
  readonly key: string;
  readonly number: number;
}

/**
 * Submits a draft for review: compliance lint runs first and any error blocks
 * the submit (findings point at the place); warnings are kept for the
 * reviewer. From here on the version is immutable.
 */
@Injectable()
export class SubmitVersionUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditLog,
    private readonly linter: ComplianceLinter,
  ) {}

  async execute(ref: VersionRef, principal: Principal): Promise<VersionView> {
    const draft = await this.db.transaction(async (manager) => {
      const template = await Versions.findTemplate(manager, ref.key);
      const version = await Versions.version(manager, template, ref.number);
      assertDraftOf(version, principal, template.key);
      return { template, version };
    });
    // Lint renders samples: it runs outside the transaction, and the hash check below
    // makes sure what is submitted is exactly what was linted.
    const findings = await this.linter.lint({
      key: ref.key,
      number: ref.number,
      content: draft.version.content,
      samples: sampleDataSets(draft.version.content),
    });
    const errors = findings.filter((finding) => finding.severity === 'error');
    if (errors.length) {
      throw new DomainError(
        'compliance_failed',
        `Version ${ref.number} of "${ref.key}" fails ${errors.length} compliance ${errors.length === 1 ? 'rule' : 'rules'}`,
        errors.map((error) => ({ pointer: error.pointer, message: error.message })),
        { findings },
      );
    }
    return this.db.transaction(async (manager) => {
      const template = await Versions.lockTemplate(manager, ref.key);
      const version = await Versions.version(manager, template, ref.number);
      assertDraftOf(version, principal, template.key);
      if (version.contentHash !== draft.version.contentHash) {
        throw new DomainError('conflict', `Version ${ref.number} of "${ref.key}" changed while it was being checked; submit again`);
      }
      version.status = 'in_review';
      version.submittedAt = new Date();
      version.lintFindings = findings;
      const saved = await Versions.save(manager, version);
      await this.audit.append(manager, {
        actor: principal.keyId,
        action: 'version.submitted',
        subject: versionSubject(template.key, version.number),
        details: { contentHash: version.contentHash, warnings: findings.length },
      });
      return toVersionView(template.key, saved);
    });
  }
}
