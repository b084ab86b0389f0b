import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { TemplateContent } from '@app/contracts';
import { TemplateVersionsRepository } from '@app/template-store';
import { toVersionView, VersionView } from './template-version.view';

export interface VersionContent {
  readonly view: VersionView;
  /** Exactly what `POST .../versions` accepts, so it can be edited and posted back as a new draft. */
  readonly content: TemplateContent;
}

/** One version of a template, drafts included: its lifecycle facts and its content. */
@Injectable()
export class GetTemplateVersionUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly versions: TemplateVersionsRepository,
  ) {}

  async execute(key: string, number: number): Promise<VersionContent> {
    const template = await this.versions.find(this.db.manager, key);
    const row = await this.versions.version(this.db.manager, template, number);
    return { view: toVersionView(key, row), content: row.content };
  }
}
