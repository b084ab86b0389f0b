import { Logger } from '@nestjs/common';
import { Job, JobsOptions, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { DEFAULT_HEARTBEAT_SECONDS, EnqueueOptions, JobHandler, JobQueue, QueueDefinition, QueueDepth, WorkerOptions } from './job-queue';
import { markForRelayAtCommit, OutboxJob, writeManyToOutbox, writeToOutbox } from './job-outbox';
import { JobOutboxRelay } from './job-outbox.relay';
import { RelayOnCommit } from './relay-on-commit.subscriber';
import { runJob } from './run-job';

/** How often every worker looks for jobs whose lock lapsed: a dead worker's jobs return this long after their heartbeat. */
const STALLED_CHECK_INTERVAL_MS = 5_000;
/** How long a drain waits for jobs in progress before it closes the workers under them. */
const DRAIN_TIMEOUT_MS = 30_000;
/**
 * Finished jobs stay an hour (at most this many per queue): while a job is
 * kept, adding its id again adds nothing, which is what makes relaying an
 * outbox row twice harmless. Failed ones stay a week for inspection.
 */
const KEEP_COMPLETED = { age: 3_600, count: 100_000 };
const KEEP_FAILED = { age: 7 * 86_400, count: 100_000 };
const CONNECTION_ERROR = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|Connection is closed/;

export interface BullMqJobQueueOptions {
  readonly redisUrl: string;
  /** Prefix of every key, so platforms can share one Redis. */
  readonly prefix: string;
  /** The platform's PostgreSQL: jobs sent inside a transaction wait in `job_outbox` until it commits. */
  readonly databaseUrl: string;
  /** How often the relay looks for committed jobs besides being told of its own process's commits. */
  readonly relayPollIntervalMs?: number;
}

/**
 * Jobs in Redis through BullMQ, for volumes pg-boss's table should not carry.
 * Sends inside a transaction go to the `job_outbox` table with that
 * transaction and reach Redis through the relay once it commits; other sends
 * go straight to Redis. Retries, expiry and crash recovery follow the queue's
 * definition as pg-boss does: the heartbeat is BullMQ's job lock.
 */
export class BullMqJobQueue extends JobQueue {
  private readonly logger = new Logger('JobQueue');
  private readonly connection: Redis;
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Array<{ worker: Worker; connection: Redis }> = [];
  private readonly relay: JobOutboxRelay;
  private readonly registry: string;
  /** Databases whose commits start this process's relay (`RelayOnCommit`). */
  private readonly watched = new WeakSet<DataSource>();
  private started?: Promise<void>;
  private drained?: Promise<void>;

  constructor(private readonly options: BullMqJobQueueOptions) {
    super();
    // Sends, the relay, counts and readiness fail after a couple of reconnection attempts when
    // Redis is away, instead of waiting for it: outbox rows then stay in PostgreSQL for the next pass.
    this.connection = this.connect(2);
    this.registry = `${options.prefix}:ccm:queues`;
    this.relay = new JobOutboxRelay({ databaseUrl: options.databaseUrl, deliver: (jobs) => this.relayed(jobs), pollIntervalMs: options.relayPollIntervalMs });
  }

  start(): Promise<void> {
    this.started ??= this.relay.start();
    return this.started;
  }

  async enqueue<T extends object>(queue: QueueDefinition, payload: T, options: EnqueueOptions = {}): Promise<string | null> {
    if (options.within) return this.toOutbox(options.within, queue, payload, options);
    const id = randomUUID();
    const job = await this.queueOf(queue.name).add(queue.name, payload, {
      ...jobOptions(queue.retryLimit, queue.retryDelaySeconds),
      jobId: id,
      delay: delayUntil(options.startAfter),
      deduplication: options.singletonKey ? { id: options.singletonKey } : undefined,
    });
    // A job of the same singleton key already waits: BullMQ answers with that one.
    return job.id === id ? id : null;
  }

  /**
   * Many jobs of one queue at once: one outbox insert per job inside a transaction, one
   * `addBulk` round trip otherwise. Priorities are not passed on: BullMQ runs every
   * unprioritised job before any prioritised one and keeps prioritised jobs in a sorted
   * set (a log-n insert each), so on Redis fairness comes from the separate queues
   * (`render-batch` beside `render-document`) and jobs of one queue run in order.
   */
  async enqueueMany<T extends object>(queue: QueueDefinition, payloads: readonly T[], options: Pick<EnqueueOptions, 'within' | 'priority'> = {}): Promise<void> {
    if (!payloads.length) return;
    if (options.within) {
      await writeManyToOutbox(options.within, queue, payloads);
      this.relayAtCommitIfAwaited(options.within, queue);
      return;
    }
    await this.register(queue.name);
    await this.queueOf(queue.name).addBulk(
      payloads.map((payload) => ({ name: queue.name, data: payload, opts: { ...jobOptions(queue.retryLimit, queue.retryDelaySeconds), jobId: randomUUID() } })),
    );
  }

  async work<T extends object>(queue: QueueDefinition, options: WorkerOptions, handler: JobHandler<T>): Promise<void> {
    await this.register(queue.name);
    const heartbeatMs = (queue.heartbeatSeconds ?? DEFAULT_HEARTBEAT_SECONDS) * 1000;
    // Workers block on Redis for their next job and must retry until it is back.
    const connection = this.connect(null);
    const worker = new Worker<T>(
      queue.name,
      (job: Job<T>) =>
        withExpiry(queue.expireInSeconds, runJob(queue, job.data, { id: String(job.id), attempt: job.attemptsStarted }, handler)),
      {
        connection,
        prefix: this.options.prefix,
        concurrency: options.concurrency,
        // The lock is the heartbeat: renewed every half of it while the worker lives; once it
        // lapses, the next stalled check (any worker's) puts the job back to run again.
        lockDuration: heartbeatMs,
        stalledInterval: STALLED_CHECK_INTERVAL_MS,
        // A job that keeps killing its worker fails for good, as after its retries.
        maxStalledCount: Math.max(1, queue.retryLimit),
      },
    );
    worker.on('error', (error) => this.reportError(queue.name, error));
    this.workers.push({ worker, connection });
    await worker.waitUntilReady();
  }

  async schedule<T extends object>(queue: QueueDefinition, cron: string, payload: T): Promise<void> {
    // One scheduler per queue, by a stable id: every process upserts the same one, and BullMQ
    // makes one job per tick, whichever process's worker takes it.
    await this.queueOf(queue.name).upsertJobScheduler(
      queue.name,
      { pattern: cron, tz: 'UTC' },
      { name: queue.name, data: payload, opts: jobOptions(queue.retryLimit, queue.retryDelaySeconds) },
    );
  }

  drain(): Promise<void> {
    this.drained ??= (async () => {
      // Let the jobs in hand finish first: the jobs they send on commit are then still relayed
      // by this process. Then stop relaying, then let go of Redis.
      await Promise.all(this.workers.map(({ worker }) => closeWithin(worker, DRAIN_TIMEOUT_MS)));
      await this.relay.stop();
      await Promise.all([...this.queues.values()].map((queue) => withTimeout(queue.close(), 5_000, 'queue close timed out').catch(() => undefined)));
      // QUIT waits for Redis; one that is gone gets its sockets closed instead.
      const connections = [this.connection, ...this.workers.map(({ connection }) => connection)];
      await Promise.all(connections.map((c) => withTimeout(c.quit(), 2_000, 'QUIT unanswered').catch(() => c.disconnect())));
    })();
    return this.drained;
  }

  async depth(): Promise<readonly QueueDepth[]> {
    const [names, pending] = await Promise.all([this.connection.smembers(this.registry), this.relay.pending()]);
    const all = [...new Set([...names, ...pending.keys()])].sort();
    return Promise.all(
      all.map(async (name) => {
        const counts = await this.queueOf(name).getJobCounts('wait', 'prioritized', 'delayed', 'active');
        return {
          queue: name,
          ready: (counts.wait ?? 0) + (counts.prioritized ?? 0),
          delayed: counts.delayed ?? 0,
          active: counts.active ?? 0,
          outbox: pending.get(name) ?? 0,
        };
      }),
    );
  }

  async ping(): Promise<void> {
    await withTimeout(this.connection.ping(), 2_000, 'Redis did not answer PING');
  }

  /** Into `job_outbox` with the caller's transaction; a job someone waits on is relayed by this process at commit. */
  private async toOutbox(manager: EntityManager, queue: QueueDefinition, payload: object, options: EnqueueOptions): Promise<string> {
    const id = await writeToOutbox(manager, queue, payload, options);
    this.relayAtCommitIfAwaited(manager, queue);
    return id;
  }

  private relayAtCommitIfAwaited(manager: EntityManager, queue: QueueDefinition): void {
    if (!queue.awaited) return;
    const database: DataSource = manager.connection;
    if (!this.watched.has(database)) {
      this.watched.add(database);
      database.subscribers.push(new RelayOnCommit(() => this.relay.kick()));
    }
    markForRelayAtCommit(manager);
  }

  /** The relay's delivery: each row's id is the job's id, so a row relayed twice is one job. */
  private async relayed(jobs: readonly OutboxJob[]): Promise<void> {
    const byQueue = new Map<string, OutboxJob[]>();
    for (const job of jobs) byQueue.set(job.queue, [...(byQueue.get(job.queue) ?? []), job]);
    for (const [name, batch] of byQueue) {
      await this.queueOf(name).addBulk(
        batch.map((job) => ({
          name,
          data: job.payload,
          opts: {
            ...jobOptions(job.retryLimit, job.retryDelaySeconds),
            jobId: job.id,
            delay: delayUntil(job.startAfter ?? undefined),
            deduplication: job.singletonKey ? { id: job.singletonKey } : undefined,
          },
        })),
      );
    }
  }

  private queueOf(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: this.options.prefix });
      queue.on('error', (error) => this.reportError(name, error));
      this.queues.set(name, queue);
      // Known queues are listed in Redis, so any process can count every queue's depth.
      void this.register(name).catch(() => undefined);
    }
    return queue;
  }

  /** Lost connections are reported once per outage by the connection itself; anything else is logged here. */
  private reportError(queue: string, error: Error): void {
    if (CONNECTION_ERROR.test(error.message)) return;
    this.logger.error(`job queue error on ${queue}: ${error.message}`);
  }

  private async register(name: string): Promise<void> {
    await this.connection.sadd(this.registry, name);
  }

  private connect(maxRetriesPerRequest: number | null): Redis {
    const connection = new Redis(this.options.redisUrl, { maxRetriesPerRequest });
    // ioredis retries every few hundred milliseconds while Redis is away: say so once per outage.
    let away = false;
    connection.on('error', (error) => {
      if (!away) this.logger.warn(`Redis unreachable, retrying: ${error.message}`);
      away = true;
    });
    connection.on('ready', () => {
      if (away) this.logger.log('Redis reachable again');
      away = false;
    });
    return connection;
  }
}

/** pg-boss's policy in BullMQ's words: `retryLimit` retries after the first try, waits doubling from `retryDelaySeconds`. */
function jobOptions(retryLimit: number, retryDelaySeconds: number): JobsOptions {
  return {
    attempts: retryLimit + 1,
    backoff: { type: 'exponential', delay: retryDelaySeconds * 1000 },
    removeOnComplete: KEEP_COMPLETED,
    removeOnFail: KEEP_FAILED,
  };
}

function delayUntil(startAfter: Date | undefined): number | undefined {
  if (!startAfter) return undefined;
  return Math.max(0, startAfter.getTime() - Date.now());
}

/**
 * A job running longer than its expiry fails, and is retried like any failure,
 * as pg-boss does. The handler itself cannot be stopped; it must stay safe to run again.
 */
function withExpiry(expireInSeconds: number, running: Promise<void>): Promise<void> {
  return withTimeout(running, expireInSeconds * 1000, `job expired after ${expireInSeconds} s`);
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function closeWithin(worker: Worker, ms: number): Promise<void> {
  try {
    await withTimeout(worker.close(), ms, 'drain timed out');
  } catch {
    // Jobs still running come back to another worker once their lock lapses.
    await withTimeout(worker.close(true), 5_000, 'forced close timed out').catch(() => undefined);
  }
}
