import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TemplateVersionsRepository } from '@app/template-store';
import { TemplateView, toTemplateView } from './template-version.view';

/** One template and the version documents use now. */
@Injectable()
export class GetTemplateUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly versions: TemplateVersionsRepository,
  ) {}

  async execute(key: string): Promise<TemplateView> {
    return toTemplateView(await this.versions.find(this.db.manager, key));
  }
}
