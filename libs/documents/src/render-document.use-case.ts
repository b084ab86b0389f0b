import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { setImmediate as nextTurn } from 'node:timers/promises';
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
import { announceRenditionsMoved } from './rendition-notices';
import { RenditionEntity, RenditionError } from './rendition.entity';
import { RenditionMark, renditionBlobKey, RenditionRepository } from './rendition.repository';

/** Errors worth another attempt: the renderer was unavailable, not the content wrong. */
const TRANSIENT_CODES = new Set(['unavailable']);

type Outcome =
  | { readonly rendition: RenditionEntity; readonly kind: 'ready'; readonly output: ComposedOutput; readonly blob: StoredBlob }
  | { readonly rendition: RenditionEntity; readonly kind: 'failed'; readonly error: RenditionError }
  | { readonly rendition: RenditionEntity; readonly kind: 'transient'; readonly error: unknown };

type MergeContext = Awaited<ReturnType<MessageComposer['context']>>;

type TemplateVersion = Awaited<ReturnType<TemplateRepository['version']>>;

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

  /** Renders one document's part; throws what its job should be retried for. */
  async execute(documentId: string, part?: RenderPart): Promise<void> {
    const [failure] = await this.executeMany([documentId], part);
    if (failure) throw failure;
  }

  /**
   * Renders the part of many documents at once, with one read of each kind, one
   * blob write and one transaction for all of them; answers, in the order of
   * `documentIds`, nothing for a document done (rendered or failed for good) or
   * what its job should be retried for. A document's failure is its own: its
   * neighbours are rendered and recorded all the same.
   */
  async executeMany(documentIds: readonly string[], part?: RenderPart): Promise<Array<Error | undefined>> {
    const ids = [...new Set(documentIds)];
    const failures = new Map<string, Error>();
    const found = await this.documents.findMany(ids);
    for (const id of ids) {
      if (!found.some((document) => document.id === id)) this.logger.warn(`render job for unknown document ${id} dropped`);
    }
    const pending = (await this.renditions.pendingOfMany(found.map((document) => document.id))).filter((rendition) => isInPart(rendition.channel, part));
    const rendering = found.filter((document) => pending.some((rendition) => rendition.documentId === document.id));
    const links = rendering.length ? await this.links.forDocuments(rendering.map((document) => document.id)) : new Map();
    const versions = new Map<string, TemplateVersion>();
    await Promise.all(
      rendering.map(async (document) => {
        try {
          versions.set(document.id, await this.templates.version(document.templateKey, document.templateVersion));
        } catch (error) {
          // Before anything is recorded: the document stays pending and its job is retried.
          failures.set(document.id, asError(error));
        }
      }),
    );
    // Consent matters only where the template has room for an offer: one read for all of those.
    const offerConsents = await this.offers.consentsOf(
      rendering.filter((document) => versions.get(document.id)?.content.offerSlots?.length).map((document) => document.recipient),
    );
    const merged = new Map<string, MergeContext>();
    await Promise.all(
      rendering.map(async (document) => {
        const version = versions.get(document.id);
        if (!version) return;
        try {
          const actions = links.get(document.id);
          if (actions instanceof Error) throw actions;
          if (!actions) throw new Error(`no action links were read for document ${document.id}`);
          merged.set(document.id, await this.mergeContext(document, version, actions));
        } catch (error) {
          failures.set(document.id, asError(error));
        }
      }),
    );
    // The offer (if any) is chosen once per document and arrives as pre-rendered blocks; the composer gives each channel only its own.
    const offering = rendering.filter((document) => merged.has(document.id));
    const offers = await this.offers.executeMany(
      offering.map((document) => documentForOffer(document, versions.get(document.id)!.content, merged.get(document.id)!)),
      offerConsents,
    );
    const composed = new Map<string, Composed[]>();
    for (const [index, document] of offering.entries()) {
      const offer = offers[index];
      if (offer instanceof Error) {
        failures.set(document.id, offer);
        continue;
      }
      const context = { ...merged.get(document.id)!, offers: offer };
      const renditions = pending.filter((rendition) => rendition.documentId === document.id);
      composed.set(document.id, await Promise.all(renditions.map((rendition) => this.compose(versions.get(document.id)!, context, rendition))));
      // A turn of the event loop after each document: composing is CPU, and a chunk's documents
      // composed in one stretch held the loop for tens of milliseconds, which every round trip of
      // a document posted on its own then waited behind (on-demand p50 during a batch 203 → 315 ms).
      if (offering.length > 1) await nextTurn();
    }
    const stored = await this.store([...composed.values()].flat());
    const recordable = found.filter((document) => !failures.has(document.id));
    const outcomes = new Map(recordable.map((document) => [document.id, stored.filter((outcome) => outcome.rendition.documentId === document.id)]));
    for (const outcome of stored) {
      if (outcome.kind === 'failed') this.logger.warn(`${outcome.rendition.channel} rendition of ${outcome.rendition.documentId} failed: ${outcome.error.message}`);
    }
    // Also with nothing left to render: a retry after a crash between the marks and the settle finishes the settle.
    const settled = await this.recordEach(
      recordable.map((document) => ({ document, outcomes: outcomes.get(document.id) ?? [] })),
      part,
      failures,
    );
    // After the commit, not inside it: a batch's last documents settle in concurrent transactions,
    // and only once they have committed can one of them see that none is left rendering.
    const batchIds = new Set(recordable.filter((document) => settled.has(document.id) && document.batchId).map((document) => document.batchId!));
    for (const batchId of batchIds) {
      try {
        await this.db.transaction((manager) => this.batchCompletion.settleIfDone(manager, batchId));
      } catch (error) {
        for (const document of recordable) if (document.batchId === batchId && !failures.has(document.id)) failures.set(document.id, asError(error));
      }
    }
    const transient = [...outcomes.values()].flat().filter((outcome) => outcome.kind === 'transient');
    if (transient.length) {
      await this.renditions.countAttempts(transient.map((outcome) => outcome.rendition));
      for (const outcome of transient) {
        if (!failures.has(outcome.rendition.documentId)) failures.set(outcome.rendition.documentId, asError(outcome.error));
      }
    }
    return documentIds.map((id) => failures.get(id));
  }

  /** The merge context of one document, its offers aside. */
  private mergeContext(document: DocumentEntity, version: TemplateVersion, actions: Awaited<ReturnType<ActionLinks['forDocument']>>): Promise<MergeContext> {
    return this.composer.context({
      content: version.content,
      localeTag: document.locale,
      document: { id: document.id, type: document.type, externalRef: document.externalRef ?? undefined },
      // Intake strips bidi controls; a document an earlier release accepted may still hold them.
      recipient: withoutBidiControls(document.recipient),
      data: withoutBidiControls(document.data),
      actions,
    });
  }

  /**
   * Records many documents in one transaction; when that transaction fails as a
   * whole (one document's row gone, say), each is recorded in its own, so one
   * bad document fails only its own job. Answers the documents left settled.
   */
  private async recordEach(
    documents: ReadonlyArray<{ readonly document: DocumentEntity; readonly outcomes: readonly Outcome[] }>,
    part: RenderPart | undefined,
    failures: Map<string, Error>,
  ): Promise<Set<string>> {
    if (!documents.length) return new Set();
    try {
      return await this.db.transaction((manager) => this.record(manager, documents, part));
    } catch (error) {
      if (documents.length === 1) {
        failures.set(documents[0].document.id, asError(error));
        return new Set();
      }
      this.logger.warn(`recording ${documents.length} renders at once failed (${asError(error).message}); recording them one by one`);
    }
    const settled = new Set<string>();
    for (const one of documents) {
      try {
        for (const id of await this.db.transaction((manager) => this.record(manager, [one], part))) settled.add(id);
      } catch (error) {
        failures.set(one.document.id, asError(error));
      }
    }
    return settled;
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
   * In one transaction for the documents: the part's renditions marked, their
   * ledger entries, and the settle of each document with nothing pending any
   * more. The two parts of a document lock its row, so whichever commits second
   * sees the other's marks and settles it, once. Rows are locked in id order, so
   * two transactions holding overlapping documents never deadlock.
   */
  private async record(
    manager: EntityManager,
    documents: ReadonlyArray<{ readonly document: DocumentEntity; readonly outcomes: readonly Outcome[] }>,
    part: RenderPart | undefined,
  ): Promise<Set<string>> {
    const ids = documents.map(({ document }) => document.id);
    await this.documents.lockMany(ids, manager);
    const outcomes = documents.flatMap((entry) => entry.outcomes);
    const marks = outcomes.flatMap((outcome): RenditionMark[] => {
      const { documentId, channel, attempts } = outcome.rendition;
      if (outcome.kind === 'ready') {
        const { output, blob } = outcome;
        const ready = { contentType: output.contentType, blobKey: blob.key, sha256: blob.sha256, altBody: output.altBody ?? null, metadata: output.metadata, attempts: attempts + 1 };
        return [{ documentId, channel, status: 'ready', ready }];
      }
      if (outcome.kind === 'failed') return [{ documentId, channel, status: 'failed', error: outcome.error, attempts: attempts + 1 }];
      return [];
    });
    const moved = await this.renditions.markMany(marks, manager);
    const wasMoved = (outcome: Outcome) => moved.some((mark) => mark.documentId === outcome.rendition.documentId && mark.channel === outcome.rendition.channel);
    // Someone may be waiting on a document posted on its own (`GET …/renditions/…`); a batch's are read later.
    const onTheirOwn = new Set(documents.filter(({ document }) => !document.batchId).map(({ document }) => document.id));
    await announceRenditionsMoved(manager, moved.filter((mark) => onTheirOwn.has(mark.documentId)).map((mark) => mark.documentId));
    await this.ledger.appendToMany(
      manager,
      documents.map(({ document, outcomes: own }) => ({
        documentId: document.id,
        // In the order the renditions were composed, as one document's render always chained them.
        events: own.filter(wasMoved).flatMap((outcome): Array<{ event: LedgerEvent; details: Record<string, unknown> }> => {
          const { channel } = outcome.rendition;
          if (outcome.kind === 'ready') {
            return [{ event: 'rendered', details: { channel, contentType: outcome.output.contentType, sha256: outcome.blob.sha256, size: outcome.blob.size } }];
          }
          if (outcome.kind === 'failed') return [{ event: 'render_failed', details: { channel, code: outcome.error.code } }];
          return [];
        }),
      })),
    );
    const statuses = await this.renditions.statusesOfMany(ids, manager);
    const settles: Array<{ id: string; status: 'rendered' | 'render_failed' }> = [];
    const dispatchNow: string[] = [];
    for (const { document } of documents) {
      const own = statuses.filter((rendition) => rendition.documentId === document.id);
      if (!own.some((rendition) => rendition.status === 'pending')) {
        settles.push({ id: document.id, status: own.some((rendition) => rendition.status === 'failed') ? 'render_failed' : 'rendered' });
      } else if (document.dispatch && part === 'messages' && messagesAllReady(own)) {
        // Dispatch need not wait for the PDF when its first channels do not carry it (`PlanDispatchUseCase.planWhenReady`).
        dispatchNow.push(document.id);
      }
    }
    const settledNow = await this.settle(manager, settles);
    // One job for the documents this transaction hands on, not one each.
    const toDispatch = [...dispatchNow, ...settledNow];
    if (toDispatch.length) await this.jobs.enqueue<DispatchDocumentJob>(DISPATCH_DOCUMENT_QUEUE, { documentIds: toDispatch }, { within: manager });
    return new Set(settles.map((settle) => settle.id));
  }

  /**
   * Settles the documents nothing is pending of any more. Billing systems' event
   * (`document.rendered` or `document.render_failed`) is written in the same
   * transaction, so it commits together with the status and once; answers the
   * documents to dispatch now (rendered, and asked to be dispatched).
   */
  private async settle(manager: EntityManager, settles: ReadonlyArray<{ id: string; status: 'rendered' | 'render_failed' }>): Promise<string[]> {
    const moved = await this.documents.settleMany(settles, manager);
    await this.events.publishMany(
      moved.map((document) => ({
        type: document.status === 'rendered' ? ('document.rendered' as const) : ('document.render_failed' as const),
        documentId: document.id,
        data: { documentId: document.id, type: document.type, externalRef: document.externalRef, status: document.status, channels: document.channels },
      })),
      manager,
    );
    // Only the call that moved a document gets here for it, so its dispatch job is queued once.
    return moved.filter((document) => document.status === 'rendered' && document.dispatch).map((document) => document.id);
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
function messagesAllReady(statuses: ReadonlyArray<Pick<RenditionEntity, 'channel' | 'status'>>): boolean {
  return statuses.every((rendition) => rendition.channel === 'pdf' || rendition.status === 'ready');
}
