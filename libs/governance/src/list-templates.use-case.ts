import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TemplateVersionsRepository } from '@app/template-store';
import { TemplateView, toTemplateView } from './template-version.view';

/** Every template, with the version documents use now. */
@Injectable()
export class ListTemplatesUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly versions: TemplateVersionsRepository,
  ) {}

  async execute(): Promise<TemplateView[]> {
    return (await this.versions.list(this.db.manager)).map(toTemplateView);
  }
}
