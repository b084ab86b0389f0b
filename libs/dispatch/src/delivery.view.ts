import type { DeliveryAttemptEntity } from './delivery-attempt.entity';
import type { DeliveryEntity, DeliveryStatus } from './delivery.entity';

/** One try of a delivery as callers see it. */
export interface DeliveryAttemptView {
  readonly attempt: number;
  readonly outcome: string;
  readonly provider: string;
  readonly providerMessageId: string | null;
  readonly error: string | null;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** After a `retry`: the next try starts no sooner (backoff, or the provider's Retry-After). */
  readonly nextAttemptAt: string | null;
  /** It sent again what an interrupted try may already have sent. */
  readonly resend: boolean;
}

/** A delivery as callers see it (the document's `deliveries`, `GET /v1/deliveries`). */
export interface DeliveryView {
  readonly id: string;
  readonly documentId: string;
  readonly channel: string;
  readonly status: DeliveryStatus;
  readonly recipient: string;
  /** Why it exists: `primary` or `fallback after <channel> <failed|opted out|exhausted>`. */
  readonly reason: string;
  readonly skipReason: string | null;
  readonly provider: string | null;
  readonly providerMessageId: string | null;
  readonly messageId: string;
  readonly attempts: number;
  readonly resends: number;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly sentAt: string | null;
  readonly tries: readonly DeliveryAttemptView[];
  readonly deliveredAt: string | null;
  readonly readAt: string | null;
}

export function deliveryView(delivery: DeliveryEntity, attempts: readonly DeliveryAttemptEntity[] = []): DeliveryView {
  return {
    id: delivery.id,
    documentId: delivery.documentId,
    channel: delivery.channel,
    status: delivery.status,
    recipient: delivery.recipient,
    reason: delivery.reason,
    skipReason: delivery.skipReason,
    provider: delivery.provider,
    providerMessageId: delivery.providerMessageId,
    messageId: delivery.messageId,
    attempts: delivery.attempts,
    resends: delivery.resends,
    lastError: delivery.lastError,
    createdAt: delivery.createdAt.toISOString(),
    updatedAt: delivery.updatedAt.toISOString(),
    sentAt: delivery.sentAt?.toISOString() ?? null,
    deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
    readAt: delivery.readAt?.toISOString() ?? null,
    tries: attempts.filter((attempt) => attempt.deliveryId === delivery.id).map(attemptView),
  };
}

function attemptView(attempt: DeliveryAttemptEntity): DeliveryAttemptView {
  return {
    attempt: attempt.attempt,
    outcome: attempt.outcome,
    provider: attempt.provider,
    providerMessageId: attempt.providerMessageId,
    error: attempt.error,
    startedAt: attempt.startedAt.toISOString(),
    finishedAt: attempt.finishedAt.toISOString(),
    nextAttemptAt: attempt.nextAttemptAt?.toISOString() ?? null,
    resend: attempt.resend,
  };
}
