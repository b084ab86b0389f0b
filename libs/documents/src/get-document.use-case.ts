import { Injectable } from '@nestjs/common';
import { ActionLinks } from '@app/actions';
import { DomainError } from '@app/kernel';
import { TemplateRepository } from '@app/template-store';
import { DocumentRepository } from './document.repository';
import { DocumentView, toDocumentView } from './document.view';
import { RenditionRepository } from './rendition.repository';

@Injectable()
export class GetDocumentUseCase {
  constructor(
    private readonly documents: DocumentRepository,
    private readonly renditions: RenditionRepository,
    private readonly templates: TemplateRepository,
    private readonly links: ActionLinks,
  ) {}

  async execute(id: string): Promise<DocumentView> {
    const document = await this.documents.findById(id);
    if (!document) throw new DomainError('not_found', `No document ${id}`);
    const renditions = await this.renditions.forDocument(id);
    const version = await this.templates.version(document.templateKey, document.templateVersion);
    return toDocumentView(document, renditions, await this.links.forDocument(id), version.content.kind);
  }
}
