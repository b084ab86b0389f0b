import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import { BatchRepository, DocumentEntity, DocumentHead, DocumentLedgerRepository, DocumentRepository, RenditionRepository } from '@app/documents';
import { JobQueue } from '@app/jobs';
import { DomainError, FieldError } from '@app/kernel';
import { TemplateRepository } from '@app/template-store';
import { DELIVERY_QUEUES, SendDeliveryJob, sendJobsFor } from './delivery-queues';
import { DeliveryChannel, DeliveryEntity } from './delivery.entity';
import { DispatchPlanEntity } from './dispatch-plan.entity';
import { DeliveryRepository } from './delivery.repository';
import { DispatchPlanRepository } from './dispatch-plan.repository';
import { messageIdFor } from './message-id';
import { addressFor, dispatchableChannels, isDeliveryChannel, routingPolicyOf } from './routing-policy';

export interface DispatchRequest {
  /** The channels to use, in order; default: the document's own (request, else recipient preference, else template). */
  readonly channels?: readonly string[];
}

export interface PlannedDispatch {
  /** False when the document had been dispatched already: nothing new was sent. */
  readonly planned: boolean;
}

/**
 * Decides, once per document, which deliveries it gets: the channels that
 * can carry a message to this recipient, in order, routed by the template
 * kind's policy (`ROUTING_BY_KIND`). The plan, the first deliveries, their
 * jobs and the ledger's `dispatched` entry commit together; asking again
 * changes nothing.
 */
@Injectable()
export class PlanDispatchUseCase {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly documents: DocumentRepository,
    private readonly renditions: RenditionRepository,
    private readonly batches: BatchRepository,
    private readonly ledger: DocumentLedgerRepository,
    private readonly templates: TemplateRepository,
    private readonly plans: DispatchPlanRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly jobs: JobQueue,
  ) {}

  async execute(documentId: string, request: DispatchRequest = {}): Promise<PlannedDispatch> {
    return this.plan(documentId, request, 'rendered');
  }

  /**
   * The render hand-off (`dispatch: true`): plans as soon as what the first
   * deliveries send is ready — the message channels' renditions, and the PDF
   * only when an email (which attaches it) goes first — without waiting for
   * the document to be `rendered` as a whole. Not ready yet, or failed to
   * render: nothing is planned, and the settle of the document hands it on
   * again.
   */
  async planWhenReady(documentId: string): Promise<PlannedDispatch> {
    return this.plan(documentId, {}, 'when-ready');
  }

  /**
   * `planWhenReady` for many documents at once (the render hand-offs of one
   * fetch): one transaction that locks them in id order, reads them, their
   * plans, cancelled batches and rendition statuses once each, and inserts the
   * plans, deliveries and jobs in one statement each. Each document keeps its
   * own outcome — an Error in its slot (not found, …) fails only its job — and
   * should the batch's transaction fail, each is planned again on its own.
   */
  async planManyWhenReady(documentIds: readonly string[]): Promise<Array<PlannedDispatch | Error>> {
    const unique = [...new Set(documentIds)];
    let outcomes: Map<string, PlannedDispatch | Error>;
    try {
      outcomes = await this.db.transaction((manager) => this.planBatch(unique, manager));
    } catch {
      outcomes = new Map();
      for (const id of unique) outcomes.set(id, await this.planWhenReady(id).catch((error: unknown) => asError(error)));
    }
    return documentIds.map((id) => outcomes.get(id)!);
  }

  private async planBatch(ids: readonly string[], manager: EntityManager): Promise<Map<string, PlannedDispatch | Error>> {
    // Locked in id order, as every batch does: two batches sharing documents cannot deadlock.
    const documents = new Map((await this.documents.findHeads(ids, manager, { lock: true })).map((document) => [document.id, document]));
    const planned = new Set((await manager.find(DispatchPlanEntity, { select: { documentId: true }, where: { documentId: In([...ids]) } })).map((plan) => plan.documentId));
    const candidates = [...documents.values()].filter(
      (document) => !planned.has(document.id) && !document.batchCancelled && (document.status === 'rendered' || document.status === 'accepted'),
    );
    const statuses = await this.statusesOfMany(candidates.filter((document) => document.status !== 'rendered').map((document) => document.id), manager);

    const outcomes = new Map<string, PlannedDispatch | Error>();
    const toPlan: Array<{ document: DocumentHead; policy: ReturnType<typeof routingPolicyOf>; channels: DeliveryChannel[]; first: DeliveryChannel[] }> = [];
    for (const id of ids) {
      const document = documents.get(id);
      if (!document) {
        outcomes.set(id, new DomainError('not_found', `No document ${id}`));
        continue;
      }
      outcomes.set(id, { planned: false });
      if (!candidates.includes(document)) continue;
      try {
        const channels = dispatchableChannels(document.channels, document.recipient);
        const version = await this.templates.version(document.templateKey, document.templateVersion);
        const policy = routingPolicyOf(version.content.kind);
        const first = policy === 'every-channel' ? channels : channels.slice(0, 1);
        if (document.status !== 'rendered' && !renditionsReady(document, first, statuses.get(id) ?? [])) continue;
        toPlan.push({ document, policy, channels, first });
      } catch (error) {
        outcomes.set(id, asError(error));
      }
    }
    if (!toPlan.length) return outcomes;

    const now = new Date();
    await manager.insert(
      DispatchPlanEntity,
      toPlan.map(({ document, policy, channels }) => ({ documentId: document.id, policy, channels: [...channels], createdAt: now })),
    );
    const wanted = toPlan.flatMap(({ document, first }) =>
      first.map((channel) => ({
        id: randomUUID(),
        documentId: document.id,
        channel,
        recipient: addressFor(channel, document.recipient)!,
        messageId: messageIdFor(document.id, channel, this.config.publicUrl),
        reason: 'primary',
        status: 'queued' as const,
        attempts: 0,
        resends: 0,
        createdAt: now,
        updatedAt: now,
      })),
    );
    // A document's delivery on a channel exists once: one already there is the one queued.
    if (wanted.length) await manager.createQueryBuilder().insert().into(DeliveryEntity).values(wanted).orIgnore().execute();
    const stored = await manager.findBy(DeliveryEntity, { documentId: In(toPlan.map(({ document }) => document.id)) });
    const deliveryOf = (documentId: string, channel: DeliveryChannel) => stored.find((d) => d.documentId === documentId && d.channel === channel)!;
    for (const channel of new Set(wanted.map((delivery) => delivery.channel))) {
      const deliveryIds = wanted.filter((delivery) => delivery.channel === channel).map((delivery) => deliveryOf(delivery.documentId, channel).id);
      await this.jobs.enqueueMany(DELIVERY_QUEUES[channel], sendJobsFor(deliveryIds), { within: manager });
    }
    // One read of the chains' heads and one insert for every plan of the batch, not two statements a document.
    await this.ledger.appendToMany(
      manager,
      toPlan.map(({ document, policy, channels, first }) => ({
        documentId: document.id,
        events: [{ event: 'dispatched' as const, details: { policy, channels, deliveries: first.map((channel) => ({ id: deliveryOf(document.id, channel).id, channel })) } }],
      })),
    );
    for (const { document } of toPlan) outcomes.set(document.id, { planned: true });
    return outcomes;
  }

  /** Every rendition's channel and status of each document, in one read. */
  private async statusesOfMany(documentIds: readonly string[], manager: EntityManager): Promise<Map<string, RenditionStatus[]>> {
    const byDocument = new Map<string, RenditionStatus[]>();
    if (!documentIds.length) return byDocument;
    const rows = (await manager.query('SELECT document_id, channel, status FROM renditions WHERE document_id = ANY($1::uuid[])', [documentIds])) as Array<
      RenditionStatus & { document_id: string }
    >;
    for (const { document_id, channel, status } of rows) byDocument.set(document_id, [...(byDocument.get(document_id) ?? []), { channel, status }]);
    return byDocument;
  }

  private async plan(documentId: string, request: DispatchRequest, mode: 'rendered' | 'when-ready'): Promise<PlannedDispatch> {
    return this.db.transaction(async (manager) => {
      await this.documents.lock(documentId, manager);
      const document = await manager.findOneBy(DocumentEntity, { id: documentId });
      if (!document) throw new DomainError('not_found', `No document ${documentId}`);
      if (await this.plans.find(documentId, manager)) return { planned: false };
      if (document.batchId && (await this.batches.isCancelled(document.batchId, manager))) {
        if (mode === 'when-ready') return { planned: false };
        throw new DomainError('invalid_state', `Document ${documentId} belongs to a cancelled batch: nothing of it is sent`);
      }
      if (document.status !== 'rendered' && mode === 'when-ready' && document.status !== 'accepted') return { planned: false };
      if (document.status !== 'rendered' && mode === 'rendered') {
        const why = document.status === 'render_failed' ? 'failed to render' : 'is not rendered yet';
        throw new DomainError('invalid_state', `Document ${documentId} ${why}: there is nothing to send`);
      }
      const order = request.channels ? requestedChannels(request.channels, document) : document.channels;
      const channels = dispatchableChannels(order, document.recipient);
      const version = await this.templates.version(document.templateKey, document.templateVersion);
      const policy = routingPolicyOf(version.content.kind);
      const first = policy === 'every-channel' ? channels : channels.slice(0, 1);
      if (document.status !== 'rendered' && !(await this.readyToSend(document, first, manager))) return { planned: false };
      await this.plans.create(documentId, policy, channels, manager);
      const queued = [];
      for (const channel of first) queued.push(await this.queue(manager, document, channel));
      await this.ledger.append(manager, documentId, 'dispatched', {
        policy,
        channels,
        deliveries: queued.map(({ id, channel }) => ({ id, channel })),
      });
      return { planned: true };
    });
  }

  private async readyToSend(document: DocumentEntity, first: readonly DeliveryChannel[], manager: EntityManager): Promise<boolean> {
    return renditionsReady(document, first, await this.renditions.statusesOf(document.id, manager));
  }

  private async queue(manager: EntityManager, document: DocumentEntity, channel: DeliveryChannel) {
    const delivery = await this.deliveries.createQueued(
      {
        documentId: document.id,
        channel,
        recipient: addressFor(channel, document.recipient)!,
        messageId: messageIdFor(document.id, channel, this.config.publicUrl),
        reason: 'primary',
      },
      manager,
    );
    await this.jobs.enqueue<SendDeliveryJob>(DELIVERY_QUEUES[channel], { deliveryId: delivery.id }, { within: manager });
    return delivery;
  }
}

interface RenditionStatus {
  readonly channel: string;
  readonly status: string;
}

/** Every rendition but the PDF ready, and the PDF too when one of `first` is an email that attaches it. */
function renditionsReady(document: Pick<DocumentEntity, 'id' | 'channels'>, first: readonly DeliveryChannel[], statuses: readonly RenditionStatus[]): boolean {
  const needsPdf = first.includes('email') && document.channels.includes('pdf');
  return statuses.every((rendition) => rendition.status === 'ready' || (rendition.channel === 'pdf' && !needsPdf));
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** The request's channels, each one the document was rendered in and a message can go out on. */
function requestedChannels(channels: readonly string[], document: DocumentEntity): DeliveryChannel[] {
  const errors: FieldError[] = [];
  channels.forEach((channel, index) => {
    if (!isDeliveryChannel(channel)) {
      errors.push({ pointer: `/channels/${index}`, message: 'must be email, sms or whatsapp (a PDF travels attached to an email)' });
    } else if (!(document.channels as string[]).includes(channel)) {
      errors.push({ pointer: `/channels/${index}`, message: `the document was not rendered for ${channel}` });
    } else if (!addressFor(channel, document.recipient)) {
      errors.push({ pointer: `/channels/${index}`, message: `the recipient has no ${channel === 'email' ? 'email address' : channel === 'sms' ? 'phone number' : 'WhatsApp number'}` });
    }
  });
  if (errors.length) throw new DomainError('validation_failed', 'The channels cannot be dispatched', errors);
  return [...new Set(channels as DeliveryChannel[])];
}
