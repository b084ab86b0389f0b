import type { EntityManager } from 'typeorm';
import { DomainError } from '@app/kernel';
import { TemplateEntity, TemplateVersionEntity } from '@app/templating';

/** Reads and locks templates and versions inside a transaction; holds no rules. */
export class TemplateVersionsRepository {
  /** The template, locked until the transaction ends so its versions change one writer at a time. */
  static async lockTemplate(manager: EntityManager, key: string): Promise<TemplateEntity> {
    const template = await manager.getRepository(TemplateEntity).findOne({ where: { key }, lock: { mode: 'pessimistic_write' } });
    if (!template) throw new DomainError('not_found', `No template "${key}"`);
    return template;
  }

  static async findTemplate(manager: EntityManager, key: string): Promise<TemplateEntity> {
    const template = await manager.getRepository(TemplateEntity).findOne({ where: { key } });
    if (!template) throw new DomainError('not_found', `No template "${key}"`);
    return template;
  }

  static async version(manager: EntityManager, template: TemplateEntity, number: number): Promise<TemplateVersionEntity> {
    const version = await manager.getRepository(TemplateVersionEntity).findOne({ where: { templateId: template.id, number } });
    if (!version) throw new DomainError('not_found', `No version ${number} of template "${template.key}"`);
    return version;
  }

  static async nextNumber(manager: EntityManager, template: TemplateEntity): Promise<number> {
    const [{ max }] = (await manager.query('SELECT coalesce(max(number), 0)::int AS max FROM template_versions WHERE template_id = $1', [
      template.id,
    ])) as Array<{ max: number }>;
    return max + 1;
  }

  static async save(manager: EntityManager, version: TemplateVersionEntity): Promise<TemplateVersionEntity> {
    return manager.getRepository(TemplateVersionEntity).save(version);
  }

  static async setPublished(manager: EntityManager, template: TemplateEntity, number: number | null): Promise<void> {
    await manager.getRepository(TemplateEntity).update({ id: template.id }, { publishedVersion: number });
    template.publishedVersion = number;
  }
}

export function versionSubject(key: string, number: number): { type: string; id: string } {
  return { type: 'template_version', id: `${key}@${number}` };
}
