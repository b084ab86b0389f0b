import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { JobQueue } from '@app/jobs';
import { newPrefixedId } from './event-ids';
import { EventRepository } from './event.repository';
import type { EventType } from './event-types';
import { SEND_WEBHOOK_QUEUE, SendWebhookJob } from './webhook-delivery.queue';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookSubscriptionRepository } from './webhook-subscription.repository';

export interface NewEvent {
  readonly type: EventType;
  readonly data: Record<string, unknown>;
  /** The document the event is about, when there is one. */
  readonly documentId?: string;
}

export interface PublishedEvent {
  readonly id: string;
  readonly deliveryIds: readonly string[];
}

/**
 * Records an event and what it is to be sent to, inside the caller's
 * transaction: the event, one delivery per enabled subscription that wants its
 * type, and each delivery's first job all commit with what happened, or not at
 * all. One call per event; `manager` must be transactional.
 */
@Injectable()
export class PublishEventUseCase {
  constructor(
    private readonly events: EventRepository,
    private readonly subscriptions: WebhookSubscriptionRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly jobs: JobQueue,
  ) {}

  async publish(event: NewEvent, manager: EntityManager): Promise<PublishedEvent> {
    const now = new Date();
    const id = newPrefixedId('evt');
    await this.events.append({ id, type: event.type, occurredAt: now, documentId: event.documentId ?? null, data: event.data }, manager);
    const deliveryIds: string[] = [];
    for (const subscriptionId of await this.subscriptions.idsWanting(event.type, manager)) {
      const deliveryId = newPrefixedId('msg');
      await this.deliveries.insert(
        {
          id: deliveryId,
          eventId: id,
          subscriptionId,
          eventType: event.type,
          status: 'pending',
          attempts: 0,
          generation: 1,
          finalTry: false,
          nextAttemptAt: now,
          lastStatusCode: null,
          lastError: null,
          createdAt: now,
          updatedAt: now,
          deliveredAt: null,
        },
        manager,
      );
      await this.jobs.enqueue<SendWebhookJob>(SEND_WEBHOOK_QUEUE, { deliveryId, generation: 1 }, { within: manager });
      deliveryIds.push(deliveryId);
    }
    return { id, deliveryIds };
  }
}
