import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ActionLinks } from '@app/actions';
import { BlobStore } from '@app/blobs';
import { MessageComposer } from '@app/composer';
import { PublishEventUseCase } from '@app/events';
import { JobQueue } from '@app/jobs';
import { DomainError, withoutBidiControls } from '@app/kernel';
import { ChooseDocumentOfferUseCase } from '@app/offers';
import { TemplateRepository } from '@app/template-store';
import { DISPATCH_DOCUMENT_QUEUE, DispatchDocumentJob } from './dispatch-document.queue';
import { DocumentLedgerRepository } from './document-ledger.repository';
import { DocumentEntity } from './document.entity';
import { DocumentRepository } from './document.repository';
import { documentForOffer } from './offer-document';
import { RenditionEntity, RenditionError } from './rendition.entity';
import { renditionBlobKey, RenditionRepository } from './rendition.repository';

/** Errors worth another attempt: the renderer was unavailable, not the content wrong. */
const TRANSIENT_CODES = new Set(['unavailable']);

/**
 * Renders every pending channel of a document with the version it pinned.
 * A content error (data that breaks a channel limit, say) fails that rendition
 * for good and is shown to the billing system; a transient one is thrown so
 * the job is retried. Re-running after a crash only renders what is pending.
 *
 * The bytes go to the `BlobStore` first; then one transaction marks the
 * rendition ready and records their hash in the document's ledger. A crash
 * between the two leaves the rendition pending and the retry overwrites the
 * same key.
 */
@Injectable()
export class RenderDocumentUseCase {
  private readonly logger = new Logger('RenderDocument');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly templates: TemplateRepository,
    private readonly composer: MessageComposer,
    private readonly links: ActionLinks,
    private readonly documents: DocumentRepository,
    private readonly renditions: RenditionRepository,
    private readonly ledger: DocumentLedgerRepository,
    private readonly blobs: BlobStore,
    private readonly jobs: JobQueue,
    private readonly events: PublishEventUseCase,
    private readonly offers: ChooseDocumentOfferUseCase,
  ) {}

  async execute(documentId: string): Promise<void> {
    const document = await this.documents.findById(documentId);
    if (!document) {
      this.logger.warn(`render job for unknown document ${documentId} dropped`);
      return;
    }
    const version = await this.templates.version(document.templateKey, document.templateVersion);
    const renditions = await this.renditions.pendingOf(documentId);
    const merged = await this.composer.context({
      content: version.content,
      localeTag: document.locale,
      document: { id: document.id, type: document.type, externalRef: document.externalRef ?? undefined },
      // Intake strips bidi controls; a document an earlier release accepted may still hold them.
      recipient: withoutBidiControls(document.recipient),
      data: withoutBidiControls(document.data),
      actions: await this.links.forDocument(document.id),
    });
    // The offer (if any) is chosen once per document and arrives as pre-rendered blocks; the composer gives each channel only its own.
    const context = { ...merged, offers: await this.offers.execute(documentForOffer(document, version.content, merged)) };

    let transient: unknown;
    for (const rendition of renditions) {
      try {
        const output = await this.composer.compose(version, context, rendition.channel);
        const blob = await this.blobs.put(renditionBlobKey(documentId, rendition.channel), output.body);
        await this.db.transaction(async (manager) => {
          await this.documents.lock(documentId, manager);
          const marked = await this.renditions.markReady(
            documentId,
            rendition.channel,
            {
              contentType: output.contentType,
              blobKey: blob.key,
              sha256: blob.sha256,
              altBody: output.altBody ?? null,
              metadata: output.metadata,
              attempts: rendition.attempts + 1,
            },
            manager,
          );
          if (marked) {
            await this.ledger.append(manager, documentId, 'rendered', {
              channel: rendition.channel,
              contentType: output.contentType,
              sha256: blob.sha256,
              size: blob.size,
            });
          }
        });
      } catch (error) {
        if (error instanceof DomainError && !TRANSIENT_CODES.has(error.code)) {
          await this.fail(rendition, { code: error.code, message: error.message, errors: [...error.errors] });
        } else {
          await this.renditions.countAttempt(documentId, rendition.channel);
          transient ??= error;
        }
      }
    }
    if (transient) throw transient;
    await this.settle(documentId);
  }

  private async fail(rendition: RenditionEntity, error: RenditionError): Promise<void> {
    const { documentId, channel } = rendition;
    this.logger.warn(`${channel} rendition of ${documentId} failed: ${error.message}`);
    await this.db.transaction(async (manager) => {
      await this.documents.lock(documentId, manager);
      if (await this.renditions.markFailed(documentId, channel, error, rendition.attempts + 1, manager)) {
        await this.ledger.append(manager, documentId, 'render_failed', { channel, code: error.code });
      }
    });
  }

  /**
   * Settles the document once nothing is pending. Billing systems' event
   * (`document.rendered` or `document.render_failed`) and, for a document to
   * dispatch whose renditions all rendered, its dispatch job are written in the
   * same transaction, so they commit together with the status and once.
   */
  private async settle(documentId: string): Promise<void> {
    const renditions = await this.renditions.forDocument(documentId);
    if (renditions.some((r) => r.status === 'pending')) return;
    const outcome = renditions.some((r) => r.status === 'failed') ? 'render_failed' : 'rendered';
    await this.db.transaction(async (manager) => {
      const moved = await this.documents.settle(documentId, outcome, manager);
      if (!moved) return;
      const document = await manager.findOneByOrFail(DocumentEntity, { id: documentId });
      await this.events.publish(
        {
          type: outcome === 'rendered' ? 'document.rendered' : 'document.render_failed',
          documentId,
          data: { documentId, type: document.type, externalRef: document.externalRef, status: outcome, channels: document.channels },
        },
        manager,
      );
      if (outcome !== 'rendered') return;
      if (document.dispatch) {
        await this.jobs.enqueue<DispatchDocumentJob>(DISPATCH_DOCUMENT_QUEUE, { documentId }, { within: manager, singletonKey: documentId });
      }
    });
  }
}
