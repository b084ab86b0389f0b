import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type NewEvent, PublishEventUseCase } from '@app/events';
import { In } from 'typeorm';
import { DeliveryEntity } from './delivery.entity';

export type DeliveryEventType = 'delivery.sent' | 'delivery.delivered' | 'delivery.failed' | 'delivery.skipped';

/**
 * Tells subscribed billing systems what happened to a delivery, inside the
 * transaction that changed it: the event commits with the change or not at
 * all. The delivery is read again in that transaction, so the event carries
 * what was stored, not what the caller believed.
 */
@Injectable()
export class DeliveryEvents {
  constructor(private readonly events: PublishEventUseCase) {}

  async announce(manager: EntityManager, deliveryId: string, type: DeliveryEventType): Promise<void> {
    await this.announceMany(manager, [deliveryId], type);
  }

  /** The same event for many deliveries: one read of them, and one publish (one insert of events and of their webhook jobs). */
  async announceMany(manager: EntityManager, deliveryIds: readonly string[], type: DeliveryEventType): Promise<void> {
    if (!deliveryIds.length) return;
    const deliveries =
      deliveryIds.length === 1
        ? [await manager.findOneBy(DeliveryEntity, { id: deliveryIds[0] })].filter((delivery): delivery is DeliveryEntity => !!delivery)
        : await manager.findBy(DeliveryEntity, { id: In([...deliveryIds]) });
    await this.announceStored(manager, deliveries, type);
  }

  /** The same for deliveries the caller has just written and read back in this transaction (an UPDATE … RETURNING); published in id order. */
  async announceStored(manager: EntityManager, deliveries: readonly DeliveryEntity[], type: DeliveryEventType): Promise<void> {
    if (!deliveries.length) return;
    await this.events.publishMany([...deliveries].sort((a, b) => (a.id < b.id ? -1 : 1)).map((delivery) => eventOf(delivery, type)), manager);
  }
}

/** What a billing system is told of a delivery: its state as recorded. */
function eventOf(delivery: DeliveryEntity, type: DeliveryEventType): NewEvent {
  return {
    type,
    documentId: delivery.documentId,
    data: {
      deliveryId: delivery.id,
      documentId: delivery.documentId,
      channel: delivery.channel,
      status: delivery.status,
      reason: delivery.reason,
      skipReason: delivery.skipReason,
      provider: delivery.provider,
      providerMessageId: delivery.providerMessageId,
      messageId: delivery.messageId,
      attempts: delivery.attempts,
      lastError: delivery.lastError,
      sentAt: delivery.sentAt?.toISOString() ?? null,
      deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
      readAt: delivery.readAt?.toISOString() ?? null,
    },
  };
}
