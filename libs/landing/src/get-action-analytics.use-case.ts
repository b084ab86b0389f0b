import { Injectable } from '@nestjs/common';
import { ActionAnalyticsRepository, type AnalyticsFilter, type DocumentActionRow } from './action-analytics.repository';

/** Documents listed one by one at most; the per-version totals always count them all. */
export const ANALYTICS_DOCUMENT_LIMIT = 200;

export interface ActionCounts {
  readonly views: { readonly people: number; readonly scanners: number };
  readonly payClicks: number;
  readonly asks: number;
  readonly payments: number;
  /** From the first `sent` delivery to the first payment, over the documents that have both. */
  readonly timeToPayment: { readonly documents: number; readonly medianSeconds: number | null; readonly p90Seconds: number | null };
}

export interface ActionAnalytics {
  readonly templateVersions: ReadonlyArray<{ readonly templateKey: string; readonly version: number; readonly documents: number } & ActionCounts>;
  readonly documents: ReadonlyArray<{ readonly documentId: string; readonly templateKey: string; readonly version: number; readonly createdAt: string } & ActionCounts>;
  /** True when more documents matched than `documents` lists. */
  readonly documentsTruncated: boolean;
}

/** What customers did with the pay and ask links: per document and per template version. */
@Injectable()
export class GetActionAnalyticsUseCase {
  constructor(private readonly analytics: ActionAnalyticsRepository) {}

  async execute(filter: AnalyticsFilter): Promise<ActionAnalytics> {
    const rows = await this.analytics.rows(filter);
    const byVersion = new Map<string, DocumentActionRow[]>();
    for (const row of rows) {
      const key = `${row.templateKey}\n${row.templateVersion}`;
      byVersion.set(key, [...(byVersion.get(key) ?? []), row]);
    }
    return {
      templateVersions: [...byVersion.values()]
        .map((group) => ({ templateKey: group[0].templateKey, version: group[0].templateVersion, documents: group.length, ...counts(group) }))
        .sort((a, b) => a.templateKey.localeCompare(b.templateKey) || a.version - b.version),
      documents: rows.slice(0, ANALYTICS_DOCUMENT_LIMIT).map((row) => ({
        documentId: row.documentId,
        templateKey: row.templateKey,
        version: row.templateVersion,
        createdAt: row.createdAt.toISOString(),
        ...counts([row]),
      })),
      documentsTruncated: rows.length > ANALYTICS_DOCUMENT_LIMIT,
    };
  }
}

function counts(rows: readonly DocumentActionRow[]): ActionCounts {
  const sum = (pick: (row: DocumentActionRow) => number) => rows.reduce((total, row) => total + pick(row), 0);
  const durations = rows.map((row) => row.secondsToPayment).filter((s): s is number => s !== null).sort((a, b) => a - b);
  return {
    views: { people: sum((r) => r.peopleViews), scanners: sum((r) => r.scannerViews) },
    payClicks: sum((r) => r.payClicks),
    asks: sum((r) => r.asks),
    payments: sum((r) => r.payments),
    timeToPayment: { documents: durations.length, medianSeconds: percentile(durations, 0.5), p90Seconds: percentile(durations, 0.9) },
  };
}

/** Linear interpolation between closest ranks (PostgreSQL's percentile_cont), over sorted values. */
export function percentile(sorted: readonly number[], fraction: number): number | null {
  if (!sorted.length) return null;
  const rank = fraction * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return Math.round((sorted[low] + (sorted[high] - sorted[low]) * (rank - low)) * 1000) / 1000;
}
