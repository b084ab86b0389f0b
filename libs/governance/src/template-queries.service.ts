import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TemplateContent } from '@app/contracts';
import { TemplateEntity, TemplateVersionEntity, TemplateVersionsRepository, VersionStatus } from '@app/template-store';
import { TemplateView, toTemplateView, toVersionView, VersionView } from './template-version.view';

export interface VersionContent {
  readonly view: VersionView;
  /** Exactly what `POST .../versions` accepts, so it can be edited and posted back as a new draft. */
  readonly content: TemplateContent;
}

/** The read side of governance: templates, versions and what waits for review. */
@Injectable()
export class TemplateQueries {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly templateVersions: TemplateVersionsRepository,
  ) {}

  async templates(): Promise<TemplateView[]> {
    const rows = await this.db.getRepository(TemplateEntity).find({ order: { key: 'ASC' } });
    return rows.map(toTemplateView);
  }

  async template(key: string): Promise<TemplateView> {
    return toTemplateView(await this.templateVersions.find(this.db.manager, key));
  }

  async versions(key: string, status?: VersionStatus): Promise<VersionView[]> {
    const template = await this.templateVersions.find(this.db.manager, key);
    const rows = await this.db
      .getRepository(TemplateVersionEntity)
      .find({ where: { templateId: template.id, ...(status ? { status } : {}) }, order: { number: 'ASC' } });
    return rows.map((row) => toVersionView(key, row));
  }

  async version(key: string, number: number): Promise<VersionContent> {
    const template = await this.templateVersions.find(this.db.manager, key);
    const row = await this.templateVersions.version(this.db.manager, template, number);
    return { view: toVersionView(key, row), content: row.content };
  }

  /** Versions waiting for a reviewer, oldest submission first. */
  async reviewQueue(): Promise<VersionView[]> {
    const rows = await this.db
      .getRepository(TemplateVersionEntity)
      .createQueryBuilder('v')
      .innerJoinAndMapOne('v.template', TemplateEntity, 't', 't.id = v.template_id')
      .where('v.status = :status', { status: 'in_review' })
      .orderBy('v.submitted_at', 'ASC')
      .getMany();
    return rows.map((row) => toVersionView((row as TemplateVersionEntity & { template: TemplateEntity }).template.key, row));
  }
}
