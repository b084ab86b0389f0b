import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { BUILT_IN_ACTOR } from './template.repository';
import { blockContentHash, type BlockContent, type CapturedBlock, captureBlock } from '@app/contracts';
import { LockedBlockEntity } from './locked-block.entity';
import { LockedBlockVersionEntity } from './locked-block-version.entity';

export interface BuiltInBlock {
  readonly name: string;
  readonly description: string;
  readonly content: BlockContent;
}

/** Reads published blocks for capture, and imports the built-in blocks. */
@Injectable()
export class BlockRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The published version of each named block that has one, captured; names without one are absent. */
  async published(names: Iterable<string>, manager: EntityManager = this.db.manager): Promise<Record<string, CapturedBlock>> {
    const wanted = [...new Set(names)].sort();
    if (wanted.length === 0) return {};
    const rows = await manager
      .getRepository(LockedBlockVersionEntity)
      .createQueryBuilder('v')
      .innerJoinAndMapOne('v.block', LockedBlockEntity, 'b', 'b.id = v.block_id AND v.number = b.published_version')
      .where('b.name IN (:...names)', { names: wanted })
      .andWhere("v.status = 'published'")
      .getMany();
    const captured: Record<string, CapturedBlock> = {};
    for (const row of rows as Array<LockedBlockVersionEntity & { block: LockedBlockEntity }>) {
      captured[row.block.name] = captureBlock(row.number, row.content);
    }
    return captured;
  }

  /**
   * The content of every block version a reviewer has submitted and not
   * rejected or retired (in review, approved, published): what compliance owns
   * now or is about to.
   */
  async reviewedContents(manager: EntityManager = this.db.manager): Promise<Array<{ name: string; content: BlockContent }>> {
    const rows = await manager
      .getRepository(LockedBlockVersionEntity)
      .createQueryBuilder('v')
      .innerJoinAndMapOne('v.block', LockedBlockEntity, 'b', 'b.id = v.block_id')
      .where("v.status IN ('in_review', 'approved', 'published')")
      .getMany();
    return (rows as Array<LockedBlockVersionEntity & { block: LockedBlockEntity }>).map((row) => ({ name: row.block.name, content: row.content }));
  }

  /** The content hash of a stored block version, or null when there is no such version. */
  async versionHash(name: string, number: number, manager: EntityManager = this.db.manager): Promise<string | null> {
    const row = await manager
      .getRepository(LockedBlockVersionEntity)
      .createQueryBuilder('v')
      .innerJoin(LockedBlockEntity, 'b', 'b.id = v.block_id')
      .select('v.content_hash', 'hash')
      .where('b.name = :name AND v.number = :number', { name, number })
      .getRawOne<{ hash: string }>();
    return row?.hash ?? null;
  }

  /**
   * Imports built-in blocks that are not in the database yet, each as a
   * published version 1 (as built-in templates are). Existing blocks are left
   * alone: once imported they change only through reviewed versions.
   */
  async importBuiltIns(blocks: readonly BuiltInBlock[]): Promise<string[]> {
    const imported: string[] = [];
    for (const { name, description, content } of blocks) {
      await this.db.transaction(async (manager) => {
        const inserted = await manager
          .createQueryBuilder()
          .insert()
          .into(LockedBlockEntity)
          .values({ name, description })
          .orIgnore()
          .returning(['id'])
          .execute();
        const blockId = inserted.raw[0]?.id as string | undefined;
        if (!blockId) return;
        const now = new Date();
        await manager.save(
          manager.create(LockedBlockVersionEntity, {
            blockId,
            number: 1,
            status: 'published',
            content,
            contentHash: blockContentHash(content),
            author: BUILT_IN_ACTOR,
            submittedAt: now,
            approvedBy: BUILT_IN_ACTOR,
            approvedAt: now,
            publishedAt: now,
          }),
        );
        await manager.update(LockedBlockEntity, { id: blockId }, { publishedVersion: 1 });
        imported.push(name);
      });
    }
    return imported;
  }
}
