import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TemplateVersionsRepository, type VersionStatus } from '@app/template-store';
import { toVersionView, VersionView } from './template-version.view';

/** A template's versions, oldest first, optionally only those in one status. */
@Injectable()
export class ListTemplateVersionsUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly versions: TemplateVersionsRepository,
  ) {}

  async execute(key: string, status?: VersionStatus): Promise<VersionView[]> {
    const template = await this.versions.find(this.db.manager, key);
    const rows = await this.versions.versions(this.db.manager, template, status);
    return rows.map((row) => toVersionView(key, row));
  }
}
