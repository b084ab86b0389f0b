import { Logger } from '@nestjs/common';
import { Pool } from 'pg';
import type { OutboxJob } from './job-outbox';

export interface JobOutboxRelayOptions {
  readonly databaseUrl: string;
  /** Adds the jobs to the queue; must be idempotent by job id. */
  readonly deliver: (jobs: readonly OutboxJob[]) => Promise<void>;
  /** Rows moved per transaction. */
  readonly batchSize?: number;
  /** Looks for rows this often while the outbox is empty; a full batch is followed by the next at once. */
  readonly pollIntervalMs?: number;
}

const STOP_WAIT_MS = 10_000;

const delay = (ms: number) => new Promise<false>((resolve) => setTimeout(() => resolve(false), ms).unref());

interface OutboxRow {
  id: string;
  queue: string;
  payload: object;
  retry_limit: number;
  retry_delay_seconds: number;
  singleton_key: string | null;
  start_after: Date | null;
}

/**
 * Moves committed `job_outbox` rows to the queue and deletes them, in batches
 * taken `FOR UPDATE SKIP LOCKED`, so every process can run one and none waits
 * on another's batch. A row is deleted only in the transaction that saw its
 * job added; a relay that dies in between leaves the row to be relayed again,
 * which adds nothing new because the row's id is the job's id (at least once
 * into the queue, once as a job). It polls: an empty look is one index probe,
 * and NOTIFY would serialise the commits of every transaction that sends a job.
 */
export class JobOutboxRelay {
  private readonly logger = new Logger('JobOutboxRelay');
  private readonly pool: Pool;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;
  private failing = false;
  private stopping?: Promise<void>;

  constructor(private readonly options: JobOutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.pool = new Pool({ connectionString: options.databaseUrl, max: 2, application_name: 'ccm-job-outbox' });
    this.pool.on('error', (error) => this.logger.warn(`outbox connection lost: ${error.message}`));
  }

  /** Relays what is waiting (a pass that fails is retried by the polls), then polls. */
  async start(): Promise<void> {
    this.timer = setInterval(() => this.kick(), this.pollIntervalMs);
    this.timer.unref();
    this.kick();
    await this.running;
  }

  /** Relays until the outbox is empty; a call while a pass runs asks for one more pass. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.relayAll().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Jobs committed but not relayed yet, per queue. */
  async pending(): Promise<ReadonlyMap<string, number>> {
    const { rows } = await this.pool.query<{ queue: string; count: number }>(`SELECT queue, count(*)::int AS count FROM job_outbox GROUP BY queue`);
    return new Map(rows.map((row) => [row.queue, row.count]));
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      if (this.timer) clearInterval(this.timer);
      // One last batch moves what the jobs finishing during a drain committed.
      this.kick();
      this.stopped = true;
      // A pass waits for the queue's store at most a few seconds; past that the process is
      // stopping anyway, and rows it held unlock when their connection closes.
      const passEnded = await Promise.race([this.running?.then(() => true), delay(STOP_WAIT_MS)]) ?? true;
      if (passEnded) await this.pool.end();
      else void this.pool.end().catch(() => undefined);
    })();
    return this.stopping;
  }

  private async relayAll(): Promise<void> {
    try {
      while (!this.stopped && (await this.relayBatch()) === this.batchSize);
      if (this.failing) this.logger.log('outbox relay moving jobs again');
      this.failing = false;
    } catch (error) {
      // The next poll tries again; nothing was deleted that was not relayed. Said once per outage.
      if (!this.failing) this.logger.warn(`outbox relay failed, retrying: ${(error as Error).message}`);
      this.failing = true;
    }
  }

  private async relayBatch(): Promise<number> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<OutboxRow>(
        `SELECT id, queue, payload, retry_limit, retry_delay_seconds, singleton_key, start_after
           FROM job_outbox ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.batchSize],
      );
      if (rows.length) {
        await this.options.deliver(rows.map(toJob));
        await client.query(`DELETE FROM job_outbox WHERE id = ANY($1::uuid[])`, [rows.map((row) => row.id)]);
      }
      await client.query('COMMIT');
      return rows.length;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

function toJob(row: OutboxRow): OutboxJob {
  return {
    id: row.id,
    queue: row.queue,
    payload: row.payload,
    retryLimit: row.retry_limit,
    retryDelaySeconds: row.retry_delay_seconds,
    singletonKey: row.singleton_key,
    startAfter: row.start_after,
  };
}
