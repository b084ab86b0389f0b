import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import { DocumentEntity, DocumentRepository } from '@app/documents';
import { JobQueue } from '@app/jobs';
import { DELIVERY_QUEUES, SendDeliveryJob } from './delivery-queues';
import { DeliveryEntity } from './delivery.entity';
import { DeliveryRepository } from './delivery.repository';
import { DispatchPlanRepository } from './dispatch-plan.repository';
import { messageIdFor } from './message-id';
import { addressFor } from './routing-policy';

/**
 * Moves a document on to the next channel of its plan when a delivery did not
 * reach the customer: refused for good, opted out of, out of retries — or,
 * later, reported `failed`/`undelivered` by the provider's status callback.
 * Only for kinds routed `first-available`; a plan's later channel is used once,
 * however many times the same failure is reported.
 */
@Injectable()
export class FallBackToNextChannelUseCase {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly documents: DocumentRepository,
    private readonly plans: DispatchPlanRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly jobs: JobQueue,
  ) {}

  /** `cause` words the new delivery's reason: `fallback after sms <cause>` (`failed`, `undelivered`, …). The new delivery, or null. */
  async execute(deliveryId: string, cause = 'failed'): Promise<DeliveryEntity | null> {
    return this.db.transaction(async (manager) => {
      const delivery = await this.deliveries.find(deliveryId, manager);
      return delivery ? this.within(manager, delivery, cause) : null;
    });
  }

  /** The same, inside the transaction that settled `failed`: the fallback's job commits with it. */
  async within(manager: EntityManager, failed: DeliveryEntity, cause: string): Promise<DeliveryEntity | null> {
    await this.documents.lock(failed.documentId, manager);
    const plan = await this.plans.find(failed.documentId, manager);
    if (plan?.policy !== 'first-available') return null;
    const position = plan.channels.indexOf(failed.channel);
    const existing = await this.deliveries.forDocument(failed.documentId, manager);
    if (position < 0 || existing.some((delivery) => plan.channels.indexOf(delivery.channel) > position)) return null;
    const next = plan.channels[position + 1];
    const document = next && (await manager.findOneBy(DocumentEntity, { id: failed.documentId }));
    const recipient = document && addressFor(next, document.recipient);
    if (!next || !recipient) return null;
    const delivery = await this.deliveries.createQueued(
      {
        documentId: failed.documentId,
        channel: next,
        recipient,
        messageId: messageIdFor(failed.documentId, next, this.config.publicUrl),
        reason: `fallback after ${failed.channel} ${cause}`,
      },
      manager,
    );
    await this.jobs.enqueue<SendDeliveryJob>(DELIVERY_QUEUES[next], { deliveryId: delivery.id }, { within: manager });
    return delivery;
  }
}
