import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '@app/kernel';
import { blockContentHash, BlockContent } from '@app/contracts';
import { LockedBlockEntity } from './locked-block.entity';
import { LockedBlockVersionEntity } from './locked-block-version.entity';
import { GovernedVersions, NewVersion } from './governed-versions.repository';

/** A template version that carries a locked block. */
export interface BlockCarrier {
  readonly key: string;
  readonly version: number;
  readonly status: string;
  readonly blockVersion: number;
}

/** Reads and locks locked blocks and their versions inside a transaction; holds no rules. */
@Injectable()
export class BlockVersionsRepository extends GovernedVersions<LockedBlockEntity, LockedBlockVersionEntity, BlockContent> {
  readonly auditAction = 'block_version';
  readonly auditType = 'block_version';

  keyOf(block: LockedBlockEntity): string {
    return block.name;
  }

  describe(block: LockedBlockEntity, number: number): string {
    return `Version ${number} of locked block "${block.name}"`;
  }

  hash(content: BlockContent): string {
    return blockContentHash(content);
  }

  contentOf(version: LockedBlockVersionEntity): BlockContent {
    return version.content;
  }

  setContent(version: LockedBlockVersionEntity, content: BlockContent, hash: string): void {
    version.content = content;
    version.contentHash = hash;
  }

  async lock(manager: EntityManager, name: string): Promise<LockedBlockEntity> {
    const block = await manager.getRepository(LockedBlockEntity).findOne({ where: { name }, lock: { mode: 'pessimistic_write' } });
    if (!block) throw new DomainError('not_found', `No locked block "${name}"`);
    return block;
  }

  async find(manager: EntityManager, name: string): Promise<LockedBlockEntity> {
    const block = await manager.getRepository(LockedBlockEntity).findOne({ where: { name } });
    if (!block) throw new DomainError('not_found', `No locked block "${name}"`);
    return block;
  }

  async version(manager: EntityManager, block: LockedBlockEntity, number: number): Promise<LockedBlockVersionEntity> {
    const version = await manager.getRepository(LockedBlockVersionEntity).findOne({ where: { blockId: block.id, number } });
    if (!version) throw new DomainError('not_found', `No version ${number} of locked block "${block.name}"`);
    return version;
  }

  /** A new locked block without versions, or null when the name is taken. */
  async insert(manager: EntityManager, fields: Pick<LockedBlockEntity, 'name' | 'description'>): Promise<LockedBlockEntity | null> {
    const inserted = await manager.createQueryBuilder().insert().into(LockedBlockEntity).values(fields).orIgnore().returning(['id']).execute();
    if (!inserted.raw[0]?.id) return null;
    return manager.findOneByOrFail(LockedBlockEntity, { name: fields.name });
  }

  /** Every locked block, by name. */
  async list(manager: EntityManager): Promise<LockedBlockEntity[]> {
    return manager.getRepository(LockedBlockEntity).find({ order: { name: 'ASC' } });
  }

  /** The template versions in review, approved or published that carry the block, and which version of it. */
  async carriers(manager: EntityManager, name: string): Promise<BlockCarrier[]> {
    return (await manager.query(
      `SELECT t.key, v.number AS version, v.status, (v.content->'blocks'->$1->>'version')::int AS "blockVersion"
         FROM template_versions v JOIN templates t ON t.id = v.template_id
        WHERE v.content->'blocks' ? $1 AND v.status IN ('in_review', 'approved', 'published')
        ORDER BY t.key, v.number`,
      [name],
    )) as BlockCarrier[];
  }

  async versions(manager: EntityManager, block: LockedBlockEntity): Promise<LockedBlockVersionEntity[]> {
    return manager.getRepository(LockedBlockVersionEntity).find({ where: { blockId: block.id }, order: { number: 'ASC' } });
  }

  async nextNumber(manager: EntityManager, block: LockedBlockEntity): Promise<number> {
    const [{ max }] = (await manager.query('SELECT coalesce(max(number), 0)::int AS max FROM locked_block_versions WHERE block_id = $1', [
      block.id,
    ])) as Array<{ max: number }>;
    return max + 1;
  }

  create(manager: EntityManager, block: LockedBlockEntity, fields: NewVersion<BlockContent>): LockedBlockVersionEntity {
    return manager.create(LockedBlockVersionEntity, { blockId: block.id, status: 'draft', lintFindings: [], ...fields });
  }

  async save(manager: EntityManager, version: LockedBlockVersionEntity): Promise<LockedBlockVersionEntity> {
    return manager.getRepository(LockedBlockVersionEntity).save(version);
  }

  async setPublished(manager: EntityManager, block: LockedBlockEntity, number: number | null): Promise<void> {
    await manager.getRepository(LockedBlockEntity).update({ id: block.id }, { publishedVersion: number });
    block.publishedVersion = number;
  }
}
