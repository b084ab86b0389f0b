import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import { BatchRepository, DocumentEntity, DocumentLedgerRepository, DocumentRepository, RenditionRepository } from '@app/documents';
import { JobQueue } from '@app/jobs';
import { DomainError, FieldError } from '@app/kernel';
import { TemplateRepository } from '@app/template-store';
import { DELIVERY_QUEUES, SendDeliveryJob } from './delivery-queues';
import { DeliveryChannel } from './delivery.entity';
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

  /** Every rendition but the PDF ready, and the PDF too when one of `first` is an email that attaches it. */
  private async readyToSend(document: DocumentEntity, first: readonly DeliveryChannel[], manager: EntityManager): Promise<boolean> {
    const statuses = await this.renditions.statusesOf(document.id, manager);
    const needsPdf = first.includes('email') && document.channels.includes('pdf');
    return statuses.every((rendition) => rendition.status === 'ready' || (rendition.channel === 'pdf' && !needsPdf));
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
