import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type BlockContent } from '@app/contracts';
import { BlockVersionsRepository, LockedBlockEntity } from '@app/template-store';
import { BlockDetailView, BlockUsage, BlockVersionView, BlockView, toBlockVersionView, toBlockView } from './block.view';

/** The read side of locked blocks: blocks, their versions, and the template versions that carry them. */
@Injectable()
export class BlockQueries {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly versions: BlockVersionsRepository,
  ) {}

  async blocks(): Promise<BlockView[]> {
    const rows = await this.db.getRepository(LockedBlockEntity).find({ order: { name: 'ASC' } });
    return rows.map(toBlockView);
  }

  async block(name: string): Promise<BlockDetailView> {
    const block = await this.versions.find(this.db.manager, name);
    const rows = await this.versions.versions(this.db.manager, block);
    const used = (await this.db.query(
      `SELECT t.key, v.number AS version, v.status, (v.content->'blocks'->$1->>'version')::int AS "blockVersion"
         FROM template_versions v JOIN templates t ON t.id = v.template_id
        WHERE v.content->'blocks' ? $1 AND v.status IN ('in_review', 'approved', 'published')
        ORDER BY t.key, v.number`,
      [name],
    )) as Array<Omit<BlockUsage, 'outdated'>>;
    const usedBy = used.map((usage) => ({ ...usage, outdated: block.publishedVersion !== null && usage.blockVersion < block.publishedVersion }));
    return { ...toBlockView(block), versions: rows.map((row) => toBlockVersionView(name, row)), usedBy };
  }

  async version(name: string, number: number): Promise<{ view: BlockVersionView; content: BlockContent }> {
    const block = await this.versions.find(this.db.manager, name);
    const row = await this.versions.version(this.db.manager, block, number);
    return { view: toBlockVersionView(name, row), content: row.content };
  }
}
