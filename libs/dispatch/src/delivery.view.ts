import type { DeliveryEntity, DeliveryStatus } from './delivery.entity';

/** A delivery as callers see it (the document's `deliveries`). */
export interface DeliveryView {
  readonly id: string;
  readonly channel: string;
  readonly status: DeliveryStatus;
  readonly provider: string | null;
  readonly providerMessageId: string | null;
  readonly messageId: string;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly sentAt: string | null;
  readonly deliveredAt: string | null;
  readonly readAt: string | null;
}

export function deliveryView(delivery: DeliveryEntity): DeliveryView {
  return {
    id: delivery.id,
    channel: delivery.channel,
    status: delivery.status,
    provider: delivery.provider,
    providerMessageId: delivery.providerMessageId,
    messageId: delivery.messageId,
    attempts: delivery.attempts,
    lastError: delivery.lastError,
    createdAt: delivery.createdAt.toISOString(),
    updatedAt: delivery.updatedAt.toISOString(),
    sentAt: delivery.sentAt?.toISOString() ?? null,
    deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
    readAt: delivery.readAt?.toISOString() ?? null,
  };
}
