import { BadRequestException } from '@nestjs/common';
import { decodeCursor, DELIVERY_CHANNELS, DeliveriesFilter, DeliveryChannel, DeliveryStatus } from '@app/dispatch';

const STATUSES: readonly DeliveryStatus[] = ['queued', 'sending', 'sent', 'failed', 'skipped'];
const KNOWN = new Set(['status', 'channel', 'since', 'limit', 'cursor']);

/**
 * `GET /v1/deliveries`'s query, read strictly: an unknown or malformed
 * parameter is a 400 naming it, never an ignored filter that widens the answer.
 */
export function deliveriesFilterOf(query: Record<string, unknown>): DeliveriesFilter {
  const problems: string[] = [];
  for (const key of Object.keys(query)) if (!KNOWN.has(key)) problems.push(`${key} is not a known parameter`);
  const one = (name: string): string | undefined => {
    const value = query[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') {
      problems.push(`${name} must be given once`);
      return undefined;
    }
    return value;
  };
  const status = one('status');
  if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) problems.push(`status must be one of ${STATUSES.join(', ')}`);
  const channel = one('channel');
  if (channel !== undefined && !(DELIVERY_CHANNELS as readonly string[]).includes(channel)) problems.push(`channel must be one of ${DELIVERY_CHANNELS.join(', ')}`);
  const sinceText = one('since');
  const since = sinceText === undefined ? undefined : new Date(sinceText);
  if (sinceText !== undefined && (!/^\d{4}-\d{2}-\d{2}T/.test(sinceText) || Number.isNaN(since!.getTime()))) problems.push('since must be an ISO 8601 instant');
  const limitText = one('limit');
  const limit = limitText === undefined ? 50 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) problems.push('limit must be an integer from 1 to 500');
  const cursor = one('cursor');
  if (cursor !== undefined && !isCursor(cursor)) problems.push('cursor is not one this API returned');
  if (problems.length) throw new BadRequestException(problems.join('; '));
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
