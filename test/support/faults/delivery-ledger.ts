import { Client } from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';

/** Delivery statuses after which nothing more happens to a delivery. */
export const SETTLED_STATUSES = ['sent', 'delivered', 'read', 'failed', 'skipped'] as const;

export interface DeliveryCounts {
  /** Deliveries of the run's documents by status. */
  readonly byStatus: Record<string, number>;
  /** The run's documents that have no delivery yet (not rendered, or not yet handed to dispatch). */
  readonly withoutDelivery: number;
}

export interface DeliveryTotals {
  readonly deliveries: number;
  readonly sent: number;
  readonly failed: number;
  /** Tries recorded with each outcome (`sent`, `retry`, `failed`). */
  readonly attemptsByOutcome: Record<string, number>;
  /**
   * Tries that began (`sending` recorded) but never recorded how they ended: the
   * process died during them, and another try sent the same message again.
   */
  readonly unrecordedTries: number;
}

/**
 * Reads the run's deliveries from the database, each time on a fresh connection so
 * that a database restart in the middle of a run costs a poll, not the reader.
 */
export class DeliveryLedger {
  constructor(
    private readonly databaseUrl: string | (() => string),
    private readonly documentIds: readonly string[],
  ) {}

  async counts(): Promise<DeliveryCounts> {
    return this.query(async (db) => {
      const { rows } = await db.query<{ status: string; count: number }>(
        `SELECT status, count(*)::int AS count FROM deliveries WHERE document_id = ANY($1::uuid[]) GROUP BY status`,
        [this.documentIds],
      );
      const byStatus = Object.fromEntries(rows.map((row) => [row.status, row.count]));
      const {
        rows: [{ count: withDelivery }],
      } = await db.query<{ count: number }>(`SELECT count(DISTINCT document_id)::int AS count FROM deliveries WHERE document_id = ANY($1::uuid[])`, [
        this.documentIds,
      ]);
      return { byStatus, withoutDelivery: this.documentIds.length - withDelivery };
    });
  }

  async totals(): Promise<DeliveryTotals> {
    return this.query(async (db) => {
      const {
        rows: [delivery],
      } = await db.query<{ deliveries: number; sent: number; failed: number; tries: number }>(
        `SELECT count(*)::int AS deliveries,
                count(*) FILTER (WHERE status = 'sent')::int AS sent,
                count(*) FILTER (WHERE status = 'failed')::int AS failed,
                coalesce(sum(attempts), 0)::int AS tries
           FROM deliveries WHERE document_id = ANY($1::uuid[])`,
        [this.documentIds],
      );
      const { rows } = await db.query<{ outcome: string; count: number }>(
        `SELECT a.outcome, count(*)::int AS count
           FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id
          WHERE d.document_id = ANY($1::uuid[]) GROUP BY a.outcome`,
        [this.documentIds],
      );
      const attemptsByOutcome = Object.fromEntries(rows.map((row) => [row.outcome, row.count]));
      const recorded = rows.reduce((sum, row) => sum + row.count, 0);
      return { deliveries: delivery.deliveries, sent: delivery.sent, failed: delivery.failed, attemptsByOutcome, unrecordedTries: delivery.tries - recorded };
    });
  }

  /** The `Message-ID` of every email delivery of the run's documents. */
  async emailMessageIds(): Promise<string[]> {
    return this.query(async (db) => {
      const { rows } = await db.query<{ message_id: string }>(
        `SELECT message_id FROM deliveries WHERE channel = 'email' AND document_id = ANY($1::uuid[])`,
        [this.documentIds],
      );
      return rows.map((row) => row.message_id);
    });
  }

  /** Documents of the run with at least one try that ended in `outcome`. */
  async documentsWithOutcome(outcome: string): Promise<string[]> {
    return this.query(async (db) => {
      const { rows } = await db.query<{ document_id: string }>(
        `SELECT DISTINCT d.document_id FROM deliveries d JOIN delivery_attempts a ON a.delivery_id = d.id
          WHERE a.outcome = $2 AND d.document_id = ANY($1::uuid[])`,
        [this.documentIds, outcome],
      );
      return rows.map((row) => row.document_id);
    });
  }

  /** The recorded tries of one document's deliveries, oldest first. */
  async attemptsOf(documentId: string): Promise<Array<{ channel: string; attempt: number; outcome: string; error: string | null }>> {
    return this.query(async (db) => {
      const { rows } = await db.query(
        `SELECT d.channel, a.attempt, a.outcome, a.error
           FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id
          WHERE d.document_id = $1 ORDER BY d.channel, a.attempt`,
        [documentId],
      );
      return rows;
    });
  }

  /**
   * Polls until every document has `perDocument` settled deliveries, printing progress;
   * throws with the last counts when `timeoutMs` runs out. Polls that fail (the
   * database is away) are retried until the deadline.
   */
  async waitUntilSettled(options: { timeoutMs: number; perDocument?: number; log?: (line: string) => void }): Promise<DeliveryCounts> {
    const expected = this.documentIds.length * (options.perDocument ?? 1);
    const deadline = Date.now() + options.timeoutMs;
    let last: DeliveryCounts | undefined;
    let lastLog = 0;
    for (;;) {
      try {
        last = await this.counts();
        const settled = SETTLED_STATUSES.reduce((sum, status) => sum + (last!.byStatus[status] ?? 0), 0);
        if (settled >= expected) return last;
        if (options.log && Date.now() - lastLog > 5_000) {
          lastLog = Date.now();
          options.log(`settled ${settled}/${expected} ${JSON.stringify(last.byStatus)} without delivery: ${last.withoutDelivery}`);
        }
      } catch (error) {
        options.log?.(`ledger unavailable: ${(error as Error).message}`);
      }
      if (Date.now() > deadline) throw new Error(`deliveries not settled within ${options.timeoutMs} ms: ${JSON.stringify(last)}`);
      await sleep(500);
    }
  }

  private async query<T>(read: (db: Client) => Promise<T>): Promise<T> {
    const url = typeof this.databaseUrl === 'function' ? this.databaseUrl() : this.databaseUrl;
    const db = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    db.on('error', () => undefined);
    await db.connect();
    try {
      return await read(db);
    } finally {
      await db.end().catch(() => undefined);
    }
  }
}
