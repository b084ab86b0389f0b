import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLog } from '@app/audit';
import type { Principal } from '@app/auth';
import { DomainError } from '@app/kernel';
import { contentHash, TemplateContent, TemplateVersionEntity } from '@app/templating';
import { assertValidContent } from './version-content.rules';
import { TemplateVersionsRepository as Versions, versionSubject } from './template-versions.repository';
import { toVersionView, VersionView } from './template-version.view';

export interface UpdateDraftVersionInput {
  readonly key: string;
  readonly number: number;
  readonly content: TemplateContent;
}

/**
 * Replaces a draft's content. Only drafts change, and only by their author: a
 * draft edited by someone else would let its author approve words they did
 * not write. Others start a new draft from it instead.
 */
@Injectable()
export class UpdateDraftVersionUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async execute(input: UpdateDraftVersionInput, principal: Principal): Promise<VersionView> {
    return this.db.transaction(async (manager) => {
      const template = await Versions.lockTemplate(manager, input.key);
      const version = await Versions.version(manager, template, input.number);
      assertDraftOf(version, principal, template.key);
      assertValidContent(input.content, template.kind);
      version.content = input.content;
      version.contentHash = contentHash(input.content);
      version.lintFindings = [];
      const saved = await Versions.save(manager, version);
      await this.audit.append(manager, {
        actor: principal.keyId,
        action: 'version.edited',
        subject: versionSubject(template.key, version.number),
        details: { contentHash: version.contentHash },
      });
      return toVersionView(template.key, saved);
    });
  }
}

export function assertDraftOf(version: TemplateVersionEntity, principal: Principal, key: string): void {
  if (version.status !== 'draft') {
    throw new DomainError('invalid_state', `Version ${version.number} of "${key}" is ${version.status}: submitted versions never change; create a new draft from it`, [], {
      versionStatus: version.status,
    });
  }
  if (version.author !== principal.keyId) {
    throw new DomainError('forbidden', `Version ${version.number} of "${key}" is another author's draft; create a new draft from it instead`);
  }
}
