import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ActionLinks } from '@app/actions';
import { MessageComposer } from '@app/composer';
import { DomainError, withoutBidiControls } from '@app/kernel';
import { TemplateRepository } from '@app/template-store';
import { DocumentEntity, DocumentStatus } from './document.entity';
import { RenditionEntity, RenditionError } from './rendition.entity';

/** Errors worth another attempt: the renderer was unavailable, not the content wrong. */
const TRANSIENT_CODES = new Set(['unavailable']);

/**
 * Renders every pending channel of a document with the version it pinned.
 * A content error (data that breaks a channel limit, say) fails that rendition
 * for good and is shown to the billing system; a transient one is thrown so
 * the job is retried. Re-running after a crash only renders what is pending.
 */
@Injectable()
export class RenderDocumentUseCase {
  private readonly logger = new Logger('RenderDocument');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly templates: TemplateRepository,
    private readonly composer: MessageComposer,
    private readonly links: ActionLinks,
  ) {}

  async execute(documentId: string): Promise<void> {
    const document = await this.db.getRepository(DocumentEntity).findOneBy({ id: documentId });
    if (!document) {
      this.logger.warn(`render job for unknown document ${documentId} dropped`);
      return;
    }
    const version = await this.templates.version(document.templateKey, document.templateVersion);
    const renditions = await this.db.getRepository(RenditionEntity).findBy({ documentId, status: 'pending' });
    const context = this.composer.context({
      content: version.content,
      localeTag: document.locale,
      document: { id: document.id, type: document.type, externalRef: document.externalRef ?? undefined },
      // Intake strips bidi controls; a document an earlier release accepted may still hold them.
      recipient: withoutBidiControls(document.recipient),
      data: withoutBidiControls(document.data),
      actions: this.links.forDocument(document.id),
    });

    let transient: unknown;
    for (const rendition of renditions) {
      try {
        const output = await this.composer.compose(version, context, rendition.channel);
        await this.db.getRepository(RenditionEntity).update(
          { documentId, channel: rendition.channel, status: 'pending' },
          ({
            status: 'ready',
            contentType: output.contentType,
            body: output.body,
            altBody: output.altBody ?? null,
            sha256: createHash('sha256').update(output.body).digest('hex'),
            metadata: output.metadata,
            error: null,
            attempts: rendition.attempts + 1,
            renderedAt: new Date(),
          }) as QueryDeepPartialEntity<RenditionEntity>,
        );
      } catch (error) {
        if (error instanceof DomainError && !TRANSIENT_CODES.has(error.code)) {
          await this.fail(rendition, { code: error.code, message: error.message, errors: [...error.errors] });
        } else {
          await this.db.getRepository(RenditionEntity).increment({ documentId, channel: rendition.channel }, 'attempts', 1);
          transient ??= error;
        }
      }
    }
    if (transient) throw transient;
    await this.settle(documentId);
  }

  private async fail(rendition: RenditionEntity, error: RenditionError): Promise<void> {
    this.logger.warn(`${rendition.channel} rendition of ${rendition.documentId} failed: ${error.message}`);
    await this.db.getRepository(RenditionEntity).update(
      { documentId: rendition.documentId, channel: rendition.channel, status: 'pending' },
      { status: 'failed', error, attempts: rendition.attempts + 1 },
    );
  }

  private async settle(documentId: string): Promise<void> {
    const renditions = await this.db.getRepository(RenditionEntity).findBy({ documentId });
    if (renditions.some((r) => r.status === 'pending')) return;
    const status: DocumentStatus = renditions.some((r) => r.status === 'failed') ? 'render_failed' : 'rendered';
    await this.db.getRepository(DocumentEntity).update({ id: documentId, status: 'accepted' }, { status });
  }
}
