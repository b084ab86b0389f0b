import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { BlockContent } from '@app/contracts';
import { BlockVersionsRepository } from '@app/template-store';
import { BlockVersionView, toBlockVersionView } from './block.view';

/** One version of a locked block, drafts included: its lifecycle facts and its content. */
@Injectable()
export class GetBlockVersionUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly versions: BlockVersionsRepository,
  ) {}

  async execute(name: string, number: number): Promise<{ view: BlockVersionView; content: BlockContent }> {
    const block = await this.versions.find(this.db.manager, name);
    const row = await this.versions.version(this.db.manager, block, number);
    return { view: toBlockVersionView(name, row), content: row.content };
  }
}
