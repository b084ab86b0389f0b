import type { EventType } from './event-types';
import type { WebhookAttemptEntity, WebhookAttemptOutcome } from './webhook-attempt.entity';
import type { WebhookDeliveryEntity, WebhookDeliveryStatus } from './webhook-delivery.entity';

export interface WebhookAttemptView {
  readonly attempt: number;
  readonly startedAt: Date;
  readonly durationMs: number;
  readonly outcome: WebhookAttemptOutcome;
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly responseBody: string | null;
}

export interface WebhookDeliveryView {
  /** Also the `webhook-id` header of every try. */
  readonly id: string;
  readonly eventId: string;
  readonly eventType: EventType;
  readonly subscriptionId: string;
  readonly status: WebhookDeliveryStatus;
  readonly nextAttemptAt: Date | null;
  readonly lastStatusCode: number | null;
  readonly lastError: string | null;
  readonly createdAt: Date;
  readonly deliveredAt: Date | null;
  readonly attempts: readonly WebhookAttemptView[];
}

export function webhookDeliveryView(d: WebhookDeliveryEntity, attempts: readonly WebhookAttemptEntity[]): WebhookDeliveryView {
  return {
    id: d.id,
    eventId: d.eventId,
    eventType: d.eventType,
    subscriptionId: d.subscriptionId,
    status: d.status,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt : null,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    createdAt: d.createdAt,
    deliveredAt: d.deliveredAt,
    attempts: attempts.map((a) => ({
      attempt: a.attempt,
      startedAt: a.startedAt,
      durationMs: a.durationMs,
      outcome: a.outcome,
      statusCode: a.statusCode,
      error: a.error,
      responseBody: a.responseBody,
    })),
  };
}
