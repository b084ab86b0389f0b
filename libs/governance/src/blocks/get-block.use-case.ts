import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BlockVersionsRepository } from '@app/template-store';
import { BlockDetailView, toBlockVersionView, toBlockView } from './block.view';

/** One locked block: its versions, and the template versions that carry it (and whether they carry an older one). */
@Injectable()
export class GetBlockUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly versions: BlockVersionsRepository,
  ) {}

  async execute(name: string): Promise<BlockDetailView> {
    const block = await this.versions.find(this.db.manager, name);
    const rows = await this.versions.versions(this.db.manager, block);
    const carriers = await this.versions.carriers(this.db.manager, name);
    const usedBy = carriers.map((usage) => ({ ...usage, outdated: block.publishedVersion !== null && usage.blockVersion < block.publishedVersion }));
    return { ...toBlockView(block), versions: rows.map((row) => toBlockVersionView(name, row)), usedBy };
  }
}
