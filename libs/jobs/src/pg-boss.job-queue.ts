import { Logger } from '@nestjs/common';
import { type Job, type JobResult, PgBoss } from 'pg-boss';
import type { EntityManager } from 'typeorm';
import { DEFAULT_HEARTBEAT_SECONDS, EnqueueOptions, JobHandler, JobQueue, QueueDefinition, QueueDepth, WorkerOptions } from './job-queue';
import { runJob } from './run-job';

/** pg-boss's default schema, which the runtime uses. */
const JOB_SCHEMA = 'pgboss';

/**
 * Jobs in the platform's own PostgreSQL through pg-boss. Sends made inside a
 * TypeORM transaction use that transaction's connection, so a document and
 * its jobs commit (or vanish) together.
 */
export class PgBossJobQueue extends JobQueue {
  private readonly logger = new Logger('JobQueue');
  private readonly created = new Map<string, Promise<void>>();
  private started?: Promise<void>;

  constructor(private readonly boss: PgBoss) {
    super();
    boss.on('error', (error: Error) => this.logger.error(`job queue error: ${error.message}`));
  }

  start(): Promise<void> {
    this.started ??= this.boss.start().then(() => undefined);
    return this.started;
  }

  async enqueue<T extends object>(queue: QueueDefinition, payload: T, options: EnqueueOptions = {}): Promise<string | null> {
    await this.ensureQueue(queue);
    const db = options.within ? transactionDb(options.within) : undefined;
    if (options.singletonKey && (await this.queuedWithKey(queue.name, options.singletonKey, db))) return null;
    return this.boss.send(queue.name, payload, {
      singletonKey: options.singletonKey,
      startAfter: options.startAfter,
      // pg-boss refuses a priority key that is present but undefined.
      ...(options.priority !== undefined ? { priority: options.priority } : {}),
      db,
    });
  }

  /**
   * pg-boss keeps a singleton key unique only under the `short` queue policy, and a
   * queue's policy cannot change once it exists; so the key is checked here. Inside a
   * transaction an advisory lock on the key, held to commit, makes concurrent sends of
   * one key take turns, so the second sees the first's job. A send outside any
   * transaction checks without the lock: two such sends racing may both insert.
   */
  private async queuedWithKey(name: string, key: string, db: ReturnType<typeof transactionDb> | undefined): Promise<boolean> {
    const run = db ?? this.boss.getDb();
    if (db) await db.executeSql(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`${name}/${key}`]);
    const { rows } = await run.executeSql(
      `SELECT 1 FROM ${JOB_SCHEMA}.job WHERE name = $1 AND singleton_key = $2 AND state < 'active' LIMIT 1`,
      [name, key],
    );
    return rows.length > 0;
  }

  async enqueueMany<T extends object>(queue: QueueDefinition, payloads: readonly T[], options: Pick<EnqueueOptions, 'within' | 'priority'> = {}): Promise<void> {
    if (!payloads.length) return;
    await this.ensureQueue(queue);
    await this.boss.insert(
      queue.name,
      payloads.map((data) => (options.priority !== undefined ? { data, priority: options.priority } : { data })),
      { db: options.within ? transactionDb(options.within) : undefined },
    );
  }

  async work<T extends object>(queue: QueueDefinition, options: WorkerOptions, handler: JobHandler<T>): Promise<void> {
    await this.ensureQueue(queue);
    const batchSize = Math.max(1, Math.min(options.batchSize ?? 1, options.concurrency));
    // Every log line a job writes carries the job's id, as request logs carry the request's.
    const run = (job: Job<T>) => runJob(queue, job.data, { id: job.id, attempt: job.retryCount + 1 }, handler);
    const polling = {
      // Without the listener (a dropped connection), polling alone finds jobs.
      pollingIntervalSeconds: 0.5,
      // With it as well: a NOTIFY that arrives while every lane is busy wakes nobody, and a lane
      // that finished then waits out this interval; longer, it held a dispatch queue to a job per
      // lane every few seconds under a steady flow (intake→sent p50 34 s → 45 s in a 300-invoice run).
      notifyPollingIntervalSeconds: 0.5,
      // With a backlog, a lane takes its next job as soon as one is done instead of waiting out
      // the poll interval after each (which capped a queue at two jobs a second per lane); an
      // empty fetch ends the burst. The backlog is read from the stats the supervisor refreshes.
      burstWhenReadyExceeds: 1,
    };
    if (batchSize === 1) {
      await this.boss.work<T>(queue.name, { localConcurrency: options.concurrency, batchSize: 1, ...polling }, async ([job]) => run(job));
      return;
    }
    // A batch's jobs run side by side and each is settled by its own outcome: one failing is
    // retried alone (pg-boss's per-job results, settled in one statement per outcome).
    await this.boss.work<T, JobResult[], { localConcurrency: number; batchSize: number; perJobResults: true } & typeof polling>(
      queue.name,
      { localConcurrency: Math.ceil(options.concurrency / batchSize), batchSize, perJobResults: true, ...polling },
      async (jobs) =>
        Promise.all(
          jobs.map(async (job): Promise<JobResult> => {
            try {
              await run(job);
              return { id: job.id, status: 'completed' };
            } catch (error) {
              this.logger.warn(`job ${job.id} of ${queue.name} failed: ${error instanceof Error ? error.message : String(error)}`);
              return { id: job.id, status: 'failed', output: { message: error instanceof Error ? error.message : String(error) } };
            }
          }),
        ),
    );
  }

  async schedule<T extends object>(queue: QueueDefinition, cron: string, payload: T): Promise<void> {
    await this.ensureQueue(queue);
    await this.boss.schedule(queue.name, cron, payload, { tz: 'UTC' });
  }

  async drain(): Promise<void> {
    if (!this.started) return;
    await this.boss.stop({ graceful: true, close: true, timeout: 30_000 });
  }

  async depth(): Promise<readonly QueueDepth[]> {
    // Counts the supervisor keeps per queue (every few seconds): one small read, never a scan of the jobs.
    const queues = await this.boss.getQueues();
    return queues.map((queue) => ({
      queue: queue.name,
      ready: queue.readyCount,
      delayed: queue.deferredCount + queue.blockedCount,
      active: queue.activeCount,
      outbox: 0,
    }));
  }

  async ping(): Promise<void> {
    await this.start();
    await this.boss.getDb().executeSql('SELECT 1');
  }

  private ensureQueue(queue: QueueDefinition): Promise<void> {
    let pending = this.created.get(queue.name);
    if (!pending) {
      pending = this.start().then(async () => {
        const existing = await this.boss.getQueue(queue.name);
        const policy = {
          retryLimit: queue.retryLimit,
          retryDelay: queue.retryDelaySeconds,
          retryBackoff: true,
          expireInSeconds: queue.expireInSeconds,
          heartbeatSeconds: queue.heartbeatSeconds ?? DEFAULT_HEARTBEAT_SECONDS,
          notify: true,
        };
        if (existing) await this.boss.updateQueue(queue.name, policy);
        else await this.boss.createQueue(queue.name, policy).catch(async (error: unknown) => {
          // Another process created it between our check and our insert.
          if (!(await this.boss.getQueue(queue.name))) throw error;
        });
      });
      pending.catch(() => this.created.delete(queue.name));
      this.created.set(queue.name, pending);
    }
    return pending;
  }
}

function transactionDb(manager: EntityManager) {
  const runner = manager.queryRunner;
  if (!runner) throw new Error('enqueue({ within }) needs a transactional EntityManager');
  return {
    executeSql: async (text: string, values?: unknown[]) => {
      const result = await runner.query(text, values as unknown[], true);
      return { rows: result.records as unknown[] };
    },
  };
}
