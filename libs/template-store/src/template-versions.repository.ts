import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '@app/kernel';
import { contentHash, TemplateContent } from '@app/contracts';
import { TemplateEntity } from './template.entity';
import { TemplateVersionEntity, type VersionStatus } from './template-version.entity';
import { GovernedVersions, NewVersion } from './governed-versions.repository';

/** Reads and locks templates and their versions inside a transaction; holds no rules. */
@Injectable()
export class TemplateVersionsRepository extends GovernedVersions<TemplateEntity, TemplateVersionEntity, TemplateContent> {
  readonly auditAction = 'version';
  readonly auditType = 'template_version';

  keyOf(template: TemplateEntity): string {
    return template.key;
  }

  describe(template: TemplateEntity, number: number): string {
    return `Version ${number} of "${template.key}"`;
  }

  hash(content: TemplateContent): string {
    return contentHash(content);
  }

  contentOf(version: TemplateVersionEntity): TemplateContent {
    return version.content;
  }

  setContent(version: TemplateVersionEntity, content: TemplateContent, hash: string): void {
    version.content = content;
    version.contentHash = hash;
  }

  async lock(manager: EntityManager, key: string): Promise<TemplateEntity> {
    const template = await manager.getRepository(TemplateEntity).findOne({ where: { key }, lock: { mode: 'pessimistic_write' } });
    if (!template) throw new DomainError('not_found', `No template "${key}"`);
    return template;
  }

  async find(manager: EntityManager, key: string): Promise<TemplateEntity> {
    const template = await manager.getRepository(TemplateEntity).findOne({ where: { key } });
    if (!template) throw new DomainError('not_found', `No template "${key}"`);
    return template;
  }

  /** A new template without versions, or null when the key is taken (another writer may have just taken it). */
  async insert(manager: EntityManager, fields: Pick<TemplateEntity, 'key' | 'kind' | 'name' | 'description'>): Promise<TemplateEntity | null> {
    const inserted = await manager.createQueryBuilder().insert().into(TemplateEntity).values(fields).orIgnore().returning(['id']).execute();
    if (!inserted.raw[0]?.id) return null;
    return manager.findOneByOrFail(TemplateEntity, { key: fields.key });
  }

  /** Every template, by key. */
  async list(manager: EntityManager): Promise<TemplateEntity[]> {
    return manager.getRepository(TemplateEntity).find({ order: { key: 'ASC' } });
  }

  /** A template's versions, oldest first, optionally only those in one status. */
  async versions(manager: EntityManager, template: TemplateEntity, status?: VersionStatus): Promise<TemplateVersionEntity[]> {
    return manager
      .getRepository(TemplateVersionEntity)
      .find({ where: { templateId: template.id, ...(status ? { status } : {}) }, order: { number: 'ASC' } });
  }

  /** Versions waiting for a reviewer with their template's key, oldest submission first. */
  async inReview(manager: EntityManager): Promise<Array<{ key: string; version: TemplateVersionEntity }>> {
    const rows = await manager
      .getRepository(TemplateVersionEntity)
      .createQueryBuilder('v')
      .innerJoinAndMapOne('v.template', TemplateEntity, 't', 't.id = v.template_id')
      .where('v.status = :status', { status: 'in_review' })
      .orderBy('v.submitted_at', 'ASC')
      .getMany();
    return rows.map((version) => ({ key: (version as TemplateVersionEntity & { template: TemplateEntity }).template.key, version }));
  }

  async version(manager: EntityManager, template: TemplateEntity, number: number): Promise<TemplateVersionEntity> {
    const version = await manager.getRepository(TemplateVersionEntity).findOne({ where: { templateId: template.id, number } });
    if (!version) throw new DomainError('not_found', `No version ${number} of template "${template.key}"`);
    return version;
  }

  async nextNumber(manager: EntityManager, template: TemplateEntity): Promise<number> {
    const [{ max }] = (await manager.query('SELECT coalesce(max(number), 0)::int AS max FROM template_versions WHERE template_id = $1', [
      template.id,
    ])) as Array<{ max: number }>;
    return max + 1;
  }

  create(manager: EntityManager, template: TemplateEntity, fields: NewVersion<TemplateContent>): TemplateVersionEntity {
    return manager.create(TemplateVersionEntity, { templateId: template.id, status: 'draft', lintFindings: [], ...fields });
  }

  async save(manager: EntityManager, version: TemplateVersionEntity): Promise<TemplateVersionEntity> {
    return manager.getRepository(TemplateVersionEntity).save(version);
  }

  async setPublished(manager: EntityManager, template: TemplateEntity, number: number | null): Promise<void> {
    await manager.getRepository(TemplateEntity).update({ id: template.id }, { publishedVersion: number });
    template.publishedVersion = number;
  }
}
