import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { OfferChannel } from '@app/contracts';

/** The offer chosen for a document at its first render; `offerKey` null when none was. */
export interface OfferChoice {
  readonly documentId: string;
  readonly customerId: string;
  readonly offerKey: string | null;
  readonly offerVersion: number | null;
  readonly arm: string | null;
  readonly slot: string | null;
  readonly reasons: readonly unknown[];
}

export interface OfferAnalyticsRow {
  readonly offerKey: string;
  readonly version: number;
  readonly arm: string;
  readonly impressions: number;
  readonly recipients: number;
  readonly clicks: number;
  readonly scannerHits: number;
  readonly conversions: number;
}

/**
 * The append-only facts of offers: choices per document, impressions per
 * channel, clicks (people and scanners apart) and conversions. Plain SQL: the
 * tables are written once and aggregated, never loaded as entities.
 */
@Injectable()
export class OfferMeasurementsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Serialises the choices of one customer's documents, so a frequency cap holds across a run rendered in parallel. */
  async lockCustomer(manager: EntityManager, customerId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`offers:${customerId}`]);
  }

  async choiceOf(documentId: string, manager: EntityManager = this.db.manager): Promise<OfferChoice | null> {
    const rows = (await manager.query(
      `SELECT document_id AS "documentId", customer_id AS "customerId", offer_key AS "offerKey", offer_version AS "offerVersion", arm, slot, reasons
         FROM offer_choices WHERE document_id = $1`,
      [documentId],
    )) as OfferChoice[];
    return rows[0] ?? null;
  }

  async recordChoice(manager: EntityManager, choice: OfferChoice): Promise<void> {
    await manager.query(
      `INSERT INTO offer_choices (document_id, customer_id, offer_key, offer_version, arm, slot, reasons)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (document_id) DO NOTHING`,
      [choice.documentId, choice.customerId, choice.offerKey, choice.offerVersion, choice.arm, choice.slot, JSON.stringify(choice.reasons)],
    );
  }

  /** Many choices in one insert; a document that has one keeps it. */
  async recordChoices(manager: EntityManager, choices: readonly OfferChoice[]): Promise<void> {
    if (!choices.length) return;
    const values: unknown[] = [];
    const rows = choices.map((choice) => {
      const at = values.length;
      values.push(choice.documentId, choice.customerId, choice.offerKey, choice.offerVersion, choice.arm, choice.slot, JSON.stringify(choice.reasons));
      return `(${Array.from({ length: 7 }, (_, n) => `$${at + n + 1}`).join(', ')})`;
    });
    await manager.query(
      `INSERT INTO offer_choices (document_id, customer_id, offer_key, offer_version, arm, slot, reasons)
       VALUES ${rows.join(', ')} ON CONFLICT (document_id) DO NOTHING`,
      values,
    );
  }

  async recordImpressions(manager: EntityManager, choice: OfferChoice, channels: readonly OfferChannel[]): Promise<void> {
    for (const channel of channels) {
      await manager.query(
        `INSERT INTO offer_impressions (document_id, customer_id, offer_key, offer_version, arm, channel)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (document_id, channel) DO NOTHING`,
        [choice.documentId, choice.customerId, choice.offerKey, choice.offerVersion, choice.arm, channel],
      );
    }
  }

  /** Messages (documents) with each offer this customer got since `since`. */
  async shownSince(manager: EntityManager, customerId: string, since: Date): Promise<Map<string, number>> {
    const rows = (await manager.query(
      `SELECT offer_key AS key, count(DISTINCT document_id)::int AS shown FROM offer_impressions
        WHERE customer_id = $1 AND at >= $2 GROUP BY offer_key`,
      [customerId, since],
    )) as Array<{ key: string; shown: number }>;
    return new Map(rows.map((row) => [row.key, row.shown]));
  }

  /**
   * Of the documents given, those whose email carried an offer (an email
   * impression was recorded), each with the customer its offer was chosen for:
   * one read for a send's whole fetch.
   */
  async emailOfferCustomers(documentIds: readonly string[]): Promise<Map<string, string>> {
    if (!documentIds.length) return new Map();
    const rows = (await this.db.query(
      `SELECT c.document_id AS "documentId", c.customer_id AS "customerId"
         FROM offer_choices c
         JOIN offer_impressions i ON i.document_id = c.document_id AND i.channel = 'email'
        WHERE c.document_id = ANY($1::uuid[])`,
      [[...new Set(documentIds)]],
    )) as Array<{ documentId: string; customerId: string }>;
    return new Map(rows.map((row) => [row.documentId, row.customerId]));
  }

  async recordClick(click: {
    documentId: string;
    customerId: string;
    offerKey: string;
    version: number;
    arm: string;
    channel: string;
    kind: 'click' | 'scanner';
    userAgent: string | null;
  }): Promise<void> {
    await this.db.query(
      `INSERT INTO offer_clicks (document_id, customer_id, offer_key, offer_version, arm, channel, kind, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [click.documentId, click.customerId, click.offerKey, click.version, click.arm, click.channel, click.kind, click.userAgent?.slice(0, 500) ?? null],
    );
  }

  async recordConversion(conversion: { offerKey: string; customerId: string; documentId: string | null; at: Date; recordedBy: string }): Promise<void> {
    await this.db.query(`INSERT INTO offer_conversions (offer_key, customer_id, document_id, at, recorded_by) VALUES ($1, $2, $3, $4, $5)`, [
      conversion.offerKey,
      conversion.customerId,
      conversion.documentId,
      conversion.at,
      conversion.recordedBy,
    ]);
  }

  /**
   * Per offer version and arm: impressions (messages × channels), recipients
   * reached, people who clicked (scanner fetches apart), and conversions,
   * each credited to the version and arm of the customer's latest choice of
   * that offer at or before the conversion.
   */
  async analytics(offerKey?: string): Promise<OfferAnalyticsRow[]> {
    return (await this.db.query(
      `WITH shown AS (
         SELECT offer_key, offer_version, arm, count(*)::int AS impressions, count(DISTINCT customer_id)::int AS recipients
           FROM offer_impressions WHERE ($1::text IS NULL OR offer_key = $1) GROUP BY 1, 2, 3),
       clicked AS (
         SELECT offer_key, offer_version, arm,
                count(DISTINCT customer_id) FILTER (WHERE kind = 'click')::int AS clicks,
                count(*) FILTER (WHERE kind = 'scanner')::int AS scanner_hits
           FROM offer_clicks WHERE ($1::text IS NULL OR offer_key = $1) GROUP BY 1, 2, 3),
       credited AS (
         SELECT c.offer_key, ch.offer_version, ch.arm, count(*)::int AS conversions
           FROM offer_conversions c
           JOIN LATERAL (
             SELECT offer_version, arm FROM offer_choices oc
              WHERE oc.customer_id = c.customer_id AND oc.offer_key = c.offer_key AND oc.chosen_at <= c.at
              ORDER BY oc.chosen_at DESC LIMIT 1) ch ON true
          WHERE ($1::text IS NULL OR c.offer_key = $1) GROUP BY 1, 2, 3)
       SELECT s.offer_key AS "offerKey", s.offer_version AS version, s.arm, s.impressions, s.recipients,
              coalesce(k.clicks, 0) AS clicks, coalesce(k.scanner_hits, 0) AS "scannerHits", coalesce(v.conversions, 0) AS conversions
         FROM shown s
         LEFT JOIN clicked k USING (offer_key, offer_version, arm)
         LEFT JOIN credited v USING (offer_key, offer_version, arm)
        ORDER BY s.offer_key, s.offer_version, s.arm`,
      [offerKey ?? null],
    )) as OfferAnalyticsRow[];
  }
}
