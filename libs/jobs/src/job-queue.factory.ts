import type { Provider } from '@nestjs/common';
import { PgBoss } from 'pg-boss';
import { APP_CONFIG, AppConfig, unknownDriver } from '@app/config';
import { DATABASE_URL } from '@app/persistence';
import { BullMqJobQueue } from './bullmq.job-queue';
import { JobQueue } from './job-queue';
import { PgBossJobQueue } from './pg-boss.job-queue';

/** How often lapsed jobs are looked for and queue backlogs counted; a pass is a few indexed queries. */
const SUPERVISE_INTERVAL_SECONDS = 5;

/** The one place that picks the `JobQueue` adapter: `CCM_QUEUE`. */
export async function createJobQueue(config: AppConfig, databaseUrl: string): Promise<JobQueue> {
  const driver = config.drivers.queue;
  switch (driver) {
    case 'pgboss': {
      // The schema is installed by the owner before the runtime starts (installJobQueueSchema).
      const queue = new PgBossJobQueue(
        new PgBoss({
          connectionString: databaseUrl,
          max: 5,
          application_name: 'ccm-jobs',
          migrate: false,
          createSchema: false,
          // Every process looks for jobs of dead workers (missed heartbeats, expiry) this often,
          // so a crashed worker's jobs are retried seconds after their heartbeat lapsed, not a minute.
          superviseIntervalSeconds: SUPERVISE_INTERVAL_SECONDS,
          monitorIntervalSeconds: SUPERVISE_INTERVAL_SECONDS,
          // Workers read each queue's backlog from this cache to decide whether to fetch without pausing.
          queueCacheIntervalSeconds: SUPERVISE_INTERVAL_SECONDS,
          // A job committed wakes the workers of its queue at once (NOTIFY at commit) instead of at
          // their next poll: an on-demand document starts rendering within milliseconds, and a
          // process's twenty idle workers stop asking PostgreSQL for jobs twice a second each.
          useListenNotify: true,
        }),
      );
      await queue.start();
      return queue;
    }
    case 'redis': {
      // Validation requires REDIS_URL with this driver; the check keeps the type honest.
      if (!config.redisUrl) throw new Error('CCM_QUEUE=redis needs REDIS_URL');
      const queue = new BullMqJobQueue({ redisUrl: config.redisUrl, prefix: config.redisPrefix, databaseUrl });
      await queue.start();
      return queue;
    }
    default:
      return unknownDriver('queue', driver);
  }
}

export const jobQueueProvider: Provider = {
  provide: JobQueue,
  inject: [APP_CONFIG, DATABASE_URL],
  useFactory: createJobQueue,
};
