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

export interface CreateDraftVersionInput {
  readonly key: string;
  readonly content: TemplateContent;
  /** The version this draft was made from (fetched, edited, posted back), if any. */
  readonly basedOn?: number;
}

/** A new draft: from scratch or from an earlier version. Editing a submitted version always goes through here. */
@Injectable()
export class CreateDraftVersionUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async execute(input: CreateDraftVersionInput, principal: Principal): Promise<VersionView> {
    return this.db.transaction(async (manager) => {
      const template = await Versions.lockTemplate(manager, input.key);
      assertValidContent(input.content, template.kind);
      if (input.basedOn !== undefined) {
        await Versions.version(manager, template, input.basedOn).catch((error: unknown) => {
          if (error instanceof DomainError && error.code === 'not_found') {
            throw new DomainError('validation_failed', error.message, [{ pointer: '/query/from', message: error.message }]);
          }
          throw error;
        });
      }
      const number = await Versions.nextNumber(manager, template);
      const hash = contentHash(input.content);
      const saved = await Versions.save(
        manager,
        manager.create(TemplateVersionEntity, {
          templateId: template.id,
          number,
          status: 'draft',
          content: input.content,
          contentHash: hash,
          author: principal.keyId,
          basedOn: input.basedOn ?? null,
          lintFindings: [],
        }),
      );
      await this.audit.append(manager, {
        actor: principal.keyId,
        action: 'version.drafted',
        subject: versionSubject(template.key, number),
        details: { contentHash: hash, basedOn: input.basedOn ?? null },
      });
      return toVersionView(template.key, saved);
    });
  }
}
