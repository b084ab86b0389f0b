import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TemplateVersionsRepository } from '@app/template-store';
import { toVersionView, VersionView } from './template-version.view';

/** Template versions waiting for a reviewer, oldest submission first. */
@Injectable()
export class ListReviewQueueUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly versions: TemplateVersionsRepository,
  ) {}

  async execute(): Promise<VersionView[]> {
    return (await this.versions.inReview(this.db.manager)).map(({ key, version }) => toVersionView(key, version));
  }
}
