/**
 * Every event a billing system may subscribe to, in one list: a new event is
 * one entry here and one `publish` call where it happens.
 */
export const EVENT_TYPES = [
  'document.rendered',
  'document.render_failed',
  'delivery.sent',
  'delivery.delivered',
  'delivery.failed',
  'delivery.skipped',
  'action.paid',
  'action.question',
  'batch.completed',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}
