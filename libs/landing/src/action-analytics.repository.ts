import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface AnalyticsFilter {
  readonly documentId?: string;
  readonly templateKey?: string;
  readonly version?: number;
  /** Documents accepted at or after this instant. */
  readonly since?: Date;
}

/** One document's actions, as counted from the landing pages' facts and its payments. */
export interface DocumentActionRow {
  readonly documentId: string;
  readonly templateKey: string;
  readonly templateVersion: number;
  readonly createdAt: Date;
  readonly peopleViews: number;
  readonly scannerViews: number;
  readonly payClicks: number;
  readonly asks: number;
  readonly payments: number;
  /** Seconds from the first `sent` delivery to the first payment; null until both happened. */
  readonly secondsToPayment: number | null;
}

/**
 * A read model across what other capabilities write — documents, deliveries,
 * the payments table of the payments capability and this library's own facts
 * — in one query, since a report must see them at one instant. It only reads.
 * Before the payments table exists (a platform without payments), payments
 * count as none.
 */
@Injectable()
export class ActionAnalyticsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async rows(filter: AnalyticsFilter): Promise<DocumentActionRow[]> {
    const [{ present }] = (await this.db.query(`SELECT to_regclass('payments') IS NOT NULL AS present`)) as Array<{ present: boolean }>;
    const payments = present
      ? `SELECT document_id, count(*)::int AS payments, min(paid_at) AS first_paid_at FROM payments WHERE document_id IN (SELECT id FROM docs) GROUP BY document_id`
      : `SELECT NULL::uuid AS document_id, 0 AS payments, NULL::timestamptz AS first_paid_at WHERE false`;
    const rows = (await this.db.query(
      `WITH docs AS (
         SELECT id, template_key, template_version, created_at FROM documents
          WHERE ($1::uuid IS NULL OR id = $1::uuid)
            AND ($2::text IS NULL OR template_key = $2::text)
            AND ($3::int IS NULL OR template_version = $3::int)
            AND ($4::timestamptz IS NULL OR created_at >= $4::timestamptz)
       ),
       views AS (
         SELECT document_id, count(*) FILTER (WHERE visitor = 'person')::int AS people, count(*) FILTER (WHERE visitor = 'scanner')::int AS scanners
           FROM action_link_views WHERE document_id IN (SELECT id FROM docs) GROUP BY document_id
       ),
       presses AS (
         SELECT document_id, count(*)::int AS pay_clicks FROM action_presses
          WHERE purpose = 'pay' AND document_id IN (SELECT id FROM docs) GROUP BY document_id
       ),
       asks AS (SELECT document_id, count(*)::int AS asks FROM questions WHERE document_id IN (SELECT id FROM docs) GROUP BY document_id),
       sent AS (SELECT document_id, min(sent_at) AS first_sent_at FROM deliveries WHERE sent_at IS NOT NULL AND document_id IN (SELECT id FROM docs) GROUP BY document_id),
       paid AS (${payments})
       SELECT d.id AS document_id, d.template_key, d.template_version, d.created_at,
              coalesce(v.people, 0) AS people, coalesce(v.scanners, 0) AS scanners,
              coalesce(p.pay_clicks, 0) AS pay_clicks, coalesce(a.asks, 0) AS asks, coalesce(pd.payments, 0) AS payments,
              CASE WHEN pd.first_paid_at >= s.first_sent_at THEN extract(epoch FROM pd.first_paid_at - s.first_sent_at)::float8 END AS seconds_to_payment
         FROM docs d
         LEFT JOIN views v ON v.document_id = d.id
         LEFT JOIN presses p ON p.document_id = d.id
         LEFT JOIN asks a ON a.document_id = d.id
         LEFT JOIN sent s ON s.document_id = d.id
         LEFT JOIN paid pd ON pd.document_id = d.id
        ORDER BY d.created_at DESC, d.id`,
      [filter.documentId ?? null, filter.templateKey ?? null, filter.version ?? null, filter.since ?? null],
    )) as Array<Record<string, any>>;
    return rows.map((row) => ({
      documentId: row.document_id,
      templateKey: row.template_key,
      templateVersion: row.template_version,
      createdAt: row.created_at,
      peopleViews: row.people,
      scannerViews: row.scanners,
      payClicks: row.pay_clicks,
      asks: row.asks,
      payments: Number(row.payments),
      secondsToPayment: row.seconds_to_payment === null ? null : Number(row.seconds_to_payment),
    }));
  }
}
