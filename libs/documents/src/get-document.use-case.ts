import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ActionLinks } from '@app/actions';
import { DomainError } from '@app/kernel';
import { TemplateRepository } from '@app/template-store';
import { DocumentEntity } from './document.entity';
import { DocumentView, toDocumentView } from './document.view';
import { RenditionEntity } from './rendition.entity';

@Injectable()
export class GetDocumentUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly templates: TemplateRepository,
    private readonly links: ActionLinks,
  ) {}

  async execute(id: string): Promise<DocumentView> {
    const document = await this.db.getRepository(DocumentEntity).findOneBy({ id });
    if (!document) throw new DomainError('not_found', `No document ${id}`);
    const renditions = await this.db.getRepository(RenditionEntity).findBy({ documentId: id });
    const version = await this.templates.version(document.templateKey, document.templateVersion);
    return toDocumentView(document, renditions, this.links, version.content.kind);
  }
}
