import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLogRepository } from '@app/audit';
import type { Principal } from '@app/auth';
import { DomainError } from '@app/kernel';
import { TemplateVersionsRepository } from '@app/template-store';
import { TemplateView, toTemplateView } from './template-version.view';

export interface CreateTemplateInput {
  readonly key: string;
  readonly kind: string;
  readonly name: string;
  readonly description?: string;
}

/** A new template, without versions: its first draft comes next. */
@Injectable()
export class CreateTemplateUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditLogRepository,
    private readonly templates: TemplateVersionsRepository,
  ) {}

  async execute(input: CreateTemplateInput, principal: Principal): Promise<TemplateView> {
    return this.db.transaction(async (manager) => {
      const template = await this.templates.insert(manager, { key: input.key, kind: input.kind, name: input.name, description: input.description ?? '' });
      if (!template) {
        throw new DomainError('conflict', `Template "${input.key}" already exists`, [{ pointer: '/key', message: 'is already taken' }]);
      }
      await this.audit.append(manager, {
        actor: principal.keyId,
        action: 'template.created',
        subject: { type: 'template', id: template.key },
        details: { kind: template.kind, name: template.name },
      });
      return toTemplateView(template);
    });
  }
}
