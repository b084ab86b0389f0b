import { decodeCursor, DELIVERY_CHANNELS, DeliveriesFilter, DeliveryChannel, DeliveryStatus } from '@app/dispatch';
import { StrictQuery } from '../http/strict-query';

const STATUSES: readonly DeliveryStatus[] = ['queued', 'sending', 'sent', 'failed', 'skipped'];
const KNOWN = ['status', 'channel', 'since', 'limit', 'cursor'];

/**
 * `GET /v1/deliveries`'s query, read strictly: an unknown or malformed
 * parameter is a 400 naming it, never an ignored filter that widens the answer.
 */
export function deliveriesFilterOf(query: Record<string, unknown>): DeliveriesFilter {
  const q = new StrictQuery(query, KNOWN);
  const status = q.one('status');
  if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) q.problem(`status must be one of ${STATUSES.join(', ')}`);
  const channel = q.one('channel');
  if (channel !== undefined && !(DELIVERY_CHANNELS as readonly string[]).includes(channel)) q.problem(`channel must be one of ${DELIVERY_CHANNELS.join(', ')}`);
  const sinceText = q.one('since');
  const since = sinceText === undefined ? undefined : new Date(sinceText);
  if (sinceText !== undefined && (!/^\d{4}-\d{2}-\d{2}T/.test(sinceText) || Number.isNaN(since!.getTime()))) q.problem('since must be an ISO 8601 instant');
  const limitText = q.one('limit');
  const limit = limitText === undefined ? 50 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) q.problem('limit must be an integer from 1 to 500');
  const cursor = q.one('cursor');
  if (cursor !== undefined && !isCursor(cursor)) q.problem('cursor is not one this API returned');
  q.done();
  return {
    status: status as DeliveryStatus | undefined,
    channel: channel as DeliveryChannel | undefined,
    since,
    limit,
    cursor,
  };
}

function isCursor(cursor: string): boolean {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return false;
  try {
    decodeCursor(cursor);
    return true;
  } catch {
    return false;
  }
}
