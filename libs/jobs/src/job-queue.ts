import type { EntityManager } from 'typeorm';

/**
 * A job whose worker stopped confirming it for this long (killed, frozen, cut
 * off) is retried: a crash costs the jobs in hand this long plus one
 * supervision interval, not their whole `expireInSeconds`. The lowest pg-boss allows.
 */
export const DEFAULT_HEARTBEAT_SECONDS = 10;

export interface EnqueueOptions {
  /**
   * The transaction the job belongs to: the job becomes visible only if that
   * transaction commits (the outbox guarantee), and never without it.
   */
  readonly within?: EntityManager;
  /** At most one queued job per key; a second send with the same key is dropped. */
  readonly singletonKey?: string;
  readonly startAfter?: Date;
  /** Taken before the queue's other jobs (higher first; default 0), for work someone is waiting on. */
  readonly priority?: number;
}

export interface WorkerOptions {
  /** Jobs of this queue handled at once by this process. */
  readonly concurrency: number;
  /**
   * Jobs taken from the queue in one fetch (default 1). Each is still handled
   * on its own — its own handler call, its own success or failure and retry —
   * but a backlog costs one fetch and one completion statement per batch
   * instead of per job. For short jobs: a batch's jobs are marked done together,
   * when its last one ends.
   */
  readonly batchSize?: number;
}

export interface JobContext {
  readonly id: string;
  readonly attempt: number;
}

export type JobHandler<T> = (payload: T, job: JobContext) => Promise<void>;

/** Queue definitions: names and retry policy live with the queue, not with each send. */
export interface QueueDefinition {
  readonly name: string;
  readonly retryLimit: number;
  readonly retryDelaySeconds: number;
  /** How long a job may run at most, even while its worker is alive and confirming it. */
  readonly expireInSeconds: number;
  /**
   * How long a job may go unconfirmed by its worker before it is retried: a
   * worker confirms its jobs every half of this while alive, so a killed or
   * frozen worker's jobs come back within about this long instead of after
   * `expireInSeconds`. At least 10; the adapter's default when left out.
   */
  readonly heartbeatSeconds?: number;
  /**
   * Someone waits on each job (a document posted on its own): a driver that
   * moves committed jobs from an outbox moves these at once, not at its next poll.
   */
  readonly awaited?: boolean;
}

/** How many jobs of one queue wait and run, for metrics. */
export interface QueueDepth {
  readonly queue: string;
  /** Ready to run now. */
  readonly ready: number;
  /** Waiting for their start time or their next retry. */
  readonly delayed: number;
  readonly active: number;
  /** Committed in PostgreSQL, not yet moved to the queue (drivers with an outbox only). */
  readonly outbox: number;
}

/** Durable background jobs (port). The default adapter keeps them in PostgreSQL. */
export abstract class JobQueue {
  abstract enqueue<T extends object>(queue: QueueDefinition, payload: T, options?: EnqueueOptions): Promise<string | null>;
  /** Many jobs of one queue in one statement, all in `within`'s transaction when given. */
  abstract enqueueMany<T extends object>(queue: QueueDefinition, payloads: readonly T[], options?: Pick<EnqueueOptions, 'within' | 'priority'>): Promise<void>;
  abstract work<T extends object>(queue: QueueDefinition, options: WorkerOptions, handler: JobHandler<T>): Promise<void>;
  /** Enqueues `payload` on a cron schedule (UTC); however many processes ask, one job runs per tick. */
  abstract schedule<T extends object>(queue: QueueDefinition, cron: string, payload: T): Promise<void>;
  /** Stops taking jobs and waits for the ones in progress. */
  abstract drain(): Promise<void>;
  /** Jobs waiting and running per queue, each counted cheaply. */
  abstract depth(): Promise<readonly QueueDepth[]>;
  /** Resolves when the queue's store answers, rejects when it does not: readiness. */
  abstract ping(): Promise<void>;
}
