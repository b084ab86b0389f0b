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
 * depends only on what is known, never on arrival order: the status is the
 * highest reached (a `delivered` never goes back to `sent`), a `read` implies
 * delivered (no later than the read), and the earliest reported time of each
 * step wins. A provider's failure fails a delivery that was at most `sent`;
 * once delivered or read, a late failure report changes nothing. `failed` and
 * `skipped` are final.
 */
export function progressAfter(current: DeliveryProgress, report: ProgressReport): DeliveryProgress | null {
  const currentRank = RANK[current.status];
  if (currentRank === undefined) return null;
  if (report.status === 'failed') {
    if (currentRank > RANK.sent!) return null;
    const code = report.errorCode ? ` (error ${report.errorCode})` : '';
    return { ...current, status: 'failed', lastError: `${report.provider} reported the message failed${code}` };
  }
  const reportedRank = RANK[report.status]!;
  const at = report.occurredAt;
  const next: DeliveryProgress = {
    ...current,
    status: reportedRank > currentRank ? report.status : current.status,
    sentAt: current.sentAt ?? (reportedRank >= RANK.sent! ? at : null),
    deliveredAt: reportedRank >= RANK.delivered! ? earliest(current.deliveredAt, at) : current.deliveredAt,
    readAt: report.status === 'read' ? earliest(current.readAt, at) : current.readAt,
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
