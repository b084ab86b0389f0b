import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, LruCache } from '@app/kernel';
import { contentHash, type PinnedVersion, type TemplateContent } from '@app/contracts';
import { TemplateEntity } from './template.entity';
import { TemplateVersionEntity } from './template-version.entity';

/** As many versions as the composers keep compiled templates for. */
const PINNED_VERSIONS_CACHED = 2_000;

/** Built-ins are imported as published by the platform itself, not by a person. */
export const BUILT_IN_ACTOR = 'system:built-in';

@Injectable()
export class TemplateRepository {
  /**
   * Submitted versions never change, so a version in use is read from the
   * database once; the bound keeps a process that has served many versions
   * from holding every one of them (a version read again costs one query).
   */
  private readonly versions = new LruCache<string, PinnedVersion>(PINNED_VERSIONS_CACHED);

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The published version of a template, or a domain error saying why there is none. */
  async published(key: string): Promise<PinnedVersion> {
    // One round trip on the hot path of every accepted document: the pointer and the status it points at.
    const row = await this.db
      .getRepository(TemplateEntity)
      .createQueryBuilder('t')
      .leftJoin(TemplateVersionEntity, 'v', 'v.template_id = t.id AND v.number = t.published_version')
      .select(['t.published_version AS number', 'v.status AS status'])
      .where('t.key = :key', { key })
      .getRawOne<{ number: number | null; status: string | null }>();
    if (!row) throw new DomainError('not_found', `No template "${key}"`);
    // Send-time enforcement: whatever the pointer says, only a version whose own
    // status is published (approved by someone other than its author) is sent.
    if (row.number === null || row.status !== 'published') {
      throw new DomainError('template_not_published', `Template "${key}" has no published version`);
    }
    return this.version(key, row.number);
  }

  async version(key: string, number: number): Promise<PinnedVersion> {
    const cacheKey = `${key}@${number}`;
    const cached = this.versions.get(cacheKey);
    if (cached) return cached;
    const row = await this.db
      .getRepository(TemplateVersionEntity)
      .createQueryBuilder('v')
      .innerJoin(TemplateEntity, 't', 't.id = v.template_id')
      .where('t.key = :key AND v.number = :number', { key, number })
      .getOne();
    if (!row) throw new DomainError('not_found', `No version ${number} of template "${key}"`);
    // The hash is what reviewers approved and documents pin; content that no
    // longer matches it was changed behind the platform's back and is never used.
    if (contentHash(row.content) !== row.contentHash) {
      throw new DomainError('template_invalid', `Version ${number} of template "${key}" does not match its content hash`);
    }
    const pinned: PinnedVersion = { key, number, contentHash: row.contentHash, content: row.content };
    if (row.status !== 'draft') this.versions.set(cacheKey, pinned);
    return pinned;
  }

  /**
   * Imports built-in templates that are not in the database yet, each as a
   * published version 1. Existing templates are left alone: once imported they
   * evolve through versions like any other template.
   */
  async importBuiltIns(templates: ReadonlyArray<{ key: string; content: TemplateContent }>): Promise<string[]> {
    const imported: string[] = [];
    for (const { key, content } of templates) {
      await this.db.transaction(async (manager) => {
        const inserted = await manager
          .createQueryBuilder()
          .insert()
          .into(TemplateEntity)
          .values({ key, kind: content.kind, name: content.name, description: content.description ?? '' })
          .orIgnore()
          .returning(['id'])
          .execute();
        const templateId = inserted.raw[0]?.id as string | undefined;
        if (!templateId) return;
        const now = new Date();
        await manager.save(manager.create(TemplateVersionEntity, {
          templateId,
          number: 1,
          status: 'published',
          content,
          contentHash: contentHash(content),
          author: BUILT_IN_ACTOR,
          submittedAt: now,
          approvedBy: BUILT_IN_ACTOR,
          approvedAt: now,
          publishedAt: now,
        }));
        await manager.update(TemplateEntity, { id: templateId }, { publishedVersion: 1 });
        imported.push(key);
      });
    }
    return imported;
  }
}
