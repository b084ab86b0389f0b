import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BlockVersionsRepository } from '@app/template-store';
import { BlockView, toBlockView } from './block.view';

/** Every locked block, with the version templates capture now. */
@Injectable()
export class ListBlocksUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly versions: BlockVersionsRepository,
  ) {}

  async execute(): Promise<BlockView[]> {
    return (await this.versions.list(this.db.manager)).map(toBlockView);
  }
}
