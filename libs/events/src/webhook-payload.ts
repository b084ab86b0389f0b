import type { EventEntity } from './event.entity';

/**
 * The body every try of an event's deliveries carries, as Standard Webhooks
 * recommends: `{ type, timestamp, data }`, the timestamp being when it happened.
 */
export function webhookPayload(event: Pick<EventEntity, 'type' | 'occurredAt' | 'data'>): string {
  return JSON.stringify({ type: event.type, timestamp: event.occurredAt.toISOString(), data: event.data });
}
