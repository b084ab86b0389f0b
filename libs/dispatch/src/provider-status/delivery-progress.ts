import type { DeliveryStatus } from '../delivery.entity';

/** What a provider can tell about a message it accepted, in our words. */
export type ReportedStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'read' | 'failed';

/** The part of a delivery a status callback may move. */
export interface DeliveryProgress {
  readonly status: DeliveryStatus;
  readonly sentAt: Date | null;
  readonly deliveredAt: Date | null;
  readonly readAt: Date | null;
  readonly lastError: string | null;
}

export interface ProgressReport {
  readonly provider: string;
  readonly status: ReportedStatus;
  readonly errorCode: string | null;
  readonly occurredAt: Date;
}

/** Callbacks only ever move a delivery forward along this order. */
const RANK: Partial<Record<DeliveryStatus, number>> = { queued: 0, sending: 1, sent: 2, delivered: 3, read: 4 };

/**
 * Where a delivery stands after a provider's report, or null when the report
 * changes nothing. Callbacks repeat and arrive out of order, so the answer
 * depends only on which reports arrived, never on their order:
 *
 * - the status is the highest reached (a `delivered` never goes back to
 *   `sent`), a `read` implies delivered (no later than the read), and the
 *   earliest reported time of each step wins;
 * - a provider's failure fails a delivery that was at most `sent`; once
 *   delivered or read, a failure report changes nothing;
 * - so a `delivered` or `read` also wins over a failure reported before it:
 *   had they arrived in the order they happened, the failure would have
 *   changed nothing. The message reached the handset; the error stays in
 *   `delivery_events`.
 *
 * `skipped` is final: nothing was sent.
 */
export function progressAfter(current: DeliveryProgress, report: ProgressReport): DeliveryProgress | null {
  if (report.status === 'failed') {
    const rank = RANK[current.status];
    if (rank === undefined || rank > RANK.sent!) return null;
    const code = report.errorCode ? ` (error ${report.errorCode})` : '';
    return { ...current, status: 'failed', lastError: `${report.provider} reported the message failed${code}` };
  }
  const reportedRank = RANK[report.status]!;
  const base = current.status === 'failed' && reportedRank >= RANK.delivered! ? { ...current, status: 'sent' as const, lastError: null } : current;
  const baseRank = RANK[base.status];
  if (baseRank === undefined) return null;
  const at = report.occurredAt;
  const next: DeliveryProgress = {
    ...base,
    status: reportedRank > baseRank ? report.status : base.status,
    sentAt: base.sentAt ?? (reportedRank >= RANK.sent! ? at : null),
    deliveredAt: reportedRank >= RANK.delivered! ? earliest(base.deliveredAt, at) : base.deliveredAt,
    readAt: report.status === 'read' ? earliest(base.readAt, at) : base.readAt,
  };
  const changed =
    next.status !== current.status ||
    next.sentAt?.getTime() !== current.sentAt?.getTime() ||
    next.deliveredAt?.getTime() !== current.deliveredAt?.getTime() ||
    next.readAt?.getTime() !== current.readAt?.getTime();
  return changed ? next : null;
}

function earliest(known: Date | null, reported: Date): Date {
  return known && known.getTime() <= reported.getTime() ? known : reported;
}
