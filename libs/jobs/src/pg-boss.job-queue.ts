import { Logger } from '@nestjs/common';
import { PgBoss } from 'pg-boss';
import type { EntityManager } from 'typeorm';
import { requestContext } from '@app/observability';
import { EnqueueOptions, JobHandler, JobQueue, QueueDefinition, WorkerOptions } from './job-queue';

/**
 * A job whose worker stopped confirming it for this long (killed, frozen,
 * cut off) is failed and retried by whichever process supervises next. The
 * lowest pg-boss allows: a crash costs the jobs in hand this long plus one
 * supervision interval, not their whole `expireInSeconds`.
 */
export const DEFAULT_HEARTBEAT_SECONDS = 10;

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
    return this.boss.send(queue.name, payload, {
      singletonKey: options.singletonKey,
      startAfter: options.startAfter,
      db: options.within ? transactionDb(options.within) : undefined,
    });
  }

  async work<T extends object>(queue: QueueDefinition, options: WorkerOptions, handler: JobHandler<T>): Promise<void> {
    await this.ensureQueue(queue);
    await this.boss.work<T>(
      queue.name,
      {
        localConcurrency: options.concurrency,
        batchSize: 1,
        pollingIntervalSeconds: 0.5,
        // With a backlog, a lane takes its next job as soon as one is done instead of waiting out
        // the poll interval after each (which capped a queue at two jobs a second per lane); an
        // empty fetch ends the burst. The backlog is read from the stats the supervisor refreshes.
        burstWhenReadyExceeds: 1,
      },
      // Every log line a job writes carries the job's id, as request logs carry the request's.
      async ([job]) =>
        requestContext.run({ requestId: `job:${job.id}` }, () => handler(job.data, { id: job.id, attempt: job.retryCount + 1 })),
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
