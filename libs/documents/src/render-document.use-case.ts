import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ActionLinks } from '@app/actions';
import { BlobStore, StoredBlob } from '@app/blobs';
import { MessageComposer } from '@app/composer';
import { PublishEventUseCase } from '@app/events';
import { JobQueue } from '@app/jobs';
import { DomainError, withoutBidiControls } from '@app/kernel';
import { ChooseDocumentOfferUseCase } from '@app/offers';
import { TemplateRepository } from '@app/template-store';
import { BatchCompletion } from './batch-completion';
import { DISPATCH_DOCUMENT_QUEUE, DispatchDocumentJob } from './dispatch-document.queue';
import { LedgerEvent } from './document-ledger.hash';
import { DocumentLedgerRepository } from './document-ledger.repository';
import { DocumentEntity } from './document.entity';
import { DocumentRepository } from './document.repository';
import { documentForOffer } from './offer-document';
import { isInPart, RenderPart } from './render-document.queue';
import { RenditionEntity, RenditionError } from './rendition.entity';
import { renditionBlobKey, RenditionRepository } from './rendition.repository';

/** Errors worth another attempt: the renderer was unavailable, not the content wrong. */
const TRANSIENT_CODES = new Set(['unavailable']);

type Outcome =
  | { readonly rendition: RenditionEntity; readonly kind: 'ready'; readonly output: ComposedOutput; readonly blob: StoredBlob }
  | { readonly rendition: RenditionEntity; readonly kind: 'failed'; readonly error: RenditionError }
  | { readonly rendition: RenditionEntity; readonly kind: 'transient'; readonly error: unknown };

type ComposedOutput = Awaited<ReturnType<MessageComposer['compose']>>;

type Composed = Exclude<Outcome, { kind: 'ready' }> | { readonly rendition: RenditionEntity; readonly kind: 'composed'; readonly output: ComposedOutput };

/**
 * Renders the pending channels of a document with the version it pinned —
 * all of them, or one part (`messages` or `pdf`, see `RENDER_PDF_QUEUE`).
 * A content error (data that breaks a channel limit, say) fails that rendition
 * for good and is shown to the billing system; a transient one is thrown so
 * the job is retried. Re-running after a crash only renders what is pending.
 *
 * The bytes go to the `BlobStore` first; then one transaction per document
 * marks every rendition of the part ready (or failed), records their hashes in
 * the document's ledger and, when that leaves nothing pending, settles the
 * document. A crash between the two leaves the renditions pending and the
 * retry overwrites the same keys.
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
    private readonly batchCompletion: BatchCompletion,
  ) {}

  async execute(documentId: string, part?: RenderPart): Promise<void> {
    const document = await this.documents.findById(documentId);
    if (!document) {
      this.logger.warn(`render job for unknown document ${documentId} dropped`);
      return;
    }
    const renditions = (await this.renditions.pendingOf(documentId)).filter((rendition) => isInPart(rendition.channel, part));
    let outcomes: Outcome[] = [];
    if (renditions.length) {
      const version = await this.templates.version(document.templateKey, document.templateVersion);
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
      const composed = await Promise.all(renditions.map((rendition) => this.compose(version, context, rendition)));
      outcomes = await this.store(composed);
      for (const outcome of outcomes) {
        if (outcome.kind === 'failed') this.logger.warn(`${outcome.rendition.channel} rendition of ${documentId} failed: ${outcome.error.message}`);
      }
    }
    // Also with nothing left to render: a retry after a crash between the marks and the settle finishes the settle.
    const settled = await this.record(document, outcomes, part);
    // After the commit, not inside it: a batch's last documents settle in concurrent transactions,
    // and only once they have committed can one of them see that none is left rendering.
    if (settled && document.batchId) await this.db.transaction((manager) => this.batchCompletion.settleIfDone(manager, document.batchId!));
    const transient = outcomes.find((outcome) => outcome.kind === 'transient');
    if (transient) {
      await Promise.all(
        outcomes.filter((outcome) => outcome.kind === 'transient').map((outcome) => this.renditions.countAttempt(documentId, outcome.rendition.channel)),
      );
      throw transient.error;
    }
  }

  private async compose(version: Parameters<MessageComposer['compose']>[0], context: Parameters<MessageComposer['compose']>[1], rendition: RenditionEntity): Promise<Composed> {
    try {
      return { rendition, kind: 'composed', output: await this.composer.compose(version, context, rendition.channel) };
    } catch (error) {
      if (error instanceof DomainError && !TRANSIENT_CODES.has(error.code)) {
        return { rendition, kind: 'failed', error: { code: error.code, message: error.message, errors: [...error.errors] } };
      }
      return { rendition, kind: 'transient', error };
    }
  }

  /** The composed bytes into the `BlobStore`, all in one write; a failed write leaves them pending for the retry. */
  private async store(composed: readonly Composed[]): Promise<Outcome[]> {
    const toStore = composed.filter((item): item is Extract<Composed, { kind: 'composed' }> => item.kind === 'composed');
    let stored: StoredBlob[];
    try {
      stored = await this.blobs.putMany(toStore.map(({ rendition, output }) => ({ key: renditionBlobKey(rendition.documentId, rendition.channel), bytes: output.body })));
    } catch (error) {
      return composed.map((item) => (item.kind === 'composed' ? { rendition: item.rendition, kind: 'transient', error } : item));
    }
    return composed.map((item) => (item.kind === 'composed' ? { rendition: item.rendition, kind: 'ready', output: item.output, blob: stored[toStore.indexOf(item)] } : item));
  }

  /**
   * One transaction for the document: the part's renditions marked, their
   * ledger entries, and the settle when nothing is pending any more. The two
   * parts of a document lock its row, so whichever commits second sees the
   * other's marks and settles it, once.
   */
  private async record(document: DocumentEntity, outcomes: readonly Outcome[], part: RenderPart | undefined): Promise<boolean> {
    const documentId = document.id;
    return this.db.transaction(async (manager) => {
      await this.documents.lock(documentId, manager);
      const entries: Array<{ event: LedgerEvent; details: Record<string, unknown> }> = [];
      for (const outcome of outcomes) {
        const { channel, attempts } = outcome.rendition;
        if (outcome.kind === 'ready') {
          const { output, blob } = outcome;
          const ready = { contentType: output.contentType, blobKey: blob.key, sha256: blob.sha256, altBody: output.altBody ?? null, metadata: output.metadata, attempts: attempts + 1 };
          if (await this.renditions.markReady(documentId, channel, ready, manager)) {
            entries.push({ event: 'rendered', details: { channel, contentType: output.contentType, sha256: blob.sha256, size: blob.size } });
          }
        } else if (outcome.kind === 'failed') {
          if (await this.renditions.markFailed(documentId, channel, outcome.error, attempts + 1, manager)) {
            entries.push({ event: 'render_failed', details: { channel, code: outcome.error.code } });
          }
        }
      }
      await this.ledger.appendMany(manager, documentId, entries);
      const statuses = await this.renditions.statusesOf(documentId, manager);
      if (!statuses.some((rendition) => rendition.status === 'pending')) {
        await this.settle(manager, documentId, statuses.some((rendition) => rendition.status === 'failed') ? 'render_failed' : 'rendered');
        return true;
      }
      if (document.dispatch && part === 'messages' && messagesAllReady(statuses)) {
        // Dispatch need not wait for the PDF when its first channels do not carry it (`PlanDispatchUseCase.planWhenReady`).
        await this.jobs.enqueue<DispatchDocumentJob>(DISPATCH_DOCUMENT_QUEUE, { documentId }, { within: manager });
      }
      return false;
    });
  }

  /**
   * Settles the document once nothing is pending. Billing systems' event
   * (`document.rendered` or `document.render_failed`) and, for a document to
   * dispatch whose renditions all rendered, its dispatch job are written in the
   * same transaction, so they commit together with the status and once.
   */
  private async settle(manager: EntityManager, documentId: string, outcome: 'rendered' | 'render_failed'): Promise<void> {
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
  }
}

function messagesAllReady(statuses: ReadonlyArray<Pick<RenditionEntity, 'channel' | 'status'>>): boolean {
  return statuses.every((rendition) => rendition.channel === 'pdf' || rendition.status === 'ready');
}
