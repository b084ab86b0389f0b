import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PublishEventUseCase } from '@app/events';
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
    const delivery = await manager.findOneBy(DeliveryEntity, { id: deliveryId });
    if (!delivery) return;
    await this.events.publish(
      {
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
      },
      manager,
    );
  }
}
