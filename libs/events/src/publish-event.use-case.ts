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
 * all; `manager` must be transactional.
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
    const [published] = await this.publishMany([event], manager);
    return published;
  }

  /**
   * Many events in the caller's transaction, answered in their order: one
   * subscriptions lookup per event type, then one insert of the events, one of
   * their deliveries and one of the deliveries' first jobs, however many there are.
   */
  async publishMany(events: readonly NewEvent[], manager: EntityManager): Promise<PublishedEvent[]> {
    if (!events.length) return [];
    const now = new Date();
    const wanting = new Map<EventType, string[]>();
    for (const type of new Set(events.map((event) => event.type))) wanting.set(type, await this.subscriptions.idsWanting(type, manager));
    const published = events.map((event) => ({
      event,
      id: newPrefixedId('evt'),
      deliveryIds: (wanting.get(event.type) ?? []).map((subscriptionId) => ({ subscriptionId, deliveryId: newPrefixedId('msg') })),
    }));
    await this.events.appendMany(
      published.map(({ event, id }) => ({ id, type: event.type, occurredAt: now, documentId: event.documentId ?? null, data: event.data })),
      manager,
    );
    const deliveries = published.flatMap(({ event, id, deliveryIds }) =>
      deliveryIds.map(({ subscriptionId, deliveryId }) => ({
        id: deliveryId,
        eventId: id,
        subscriptionId,
        eventType: event.type,
        status: 'pending' as const,
        attempts: 0,
        generation: 1,
        finalTry: false,
        nextAttemptAt: now,
        lastStatusCode: null,
        lastError: null,
        createdAt: now,
        updatedAt: now,
        deliveredAt: null,
      })),
    );
    if (deliveries.length) {
      await this.deliveries.insertMany(deliveries, manager);
      await this.jobs.enqueueMany<SendWebhookJob>(
        SEND_WEBHOOK_QUEUE,
        deliveries.map((delivery) => ({ deliveryId: delivery.id, generation: 1 })),
        { within: manager },
      );
    }
    return published.map(({ id, deliveryIds }) => ({ id, deliveryIds: deliveryIds.map(({ deliveryId }) => deliveryId) }));
  }
}
