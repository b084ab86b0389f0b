import { PgBoss } from 'pg-boss';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '@app/config';
import { createTestDatabase } from '../../../test/support/test-database';
import { JobContext, JobQueue, QueueDefinition } from './job-queue';
import { createJobQueue } from './job-queue.factory';
import { installJobQueueSchema } from './job-queue.schema';
import { DEFAULT_HEARTBEAT_SECONDS } from './pg-boss.job-queue';

/** Expiry far beyond the test's deadline: only a lapsed heartbeat can bring the job back in time. */
const QUEUE: QueueDefinition = { name: 'crash-recovery-probe', retryLimit: 3, retryDelaySeconds: 1, expireInSeconds: 3_600 };

describe('PgBossJobQueue crash recovery (real PostgreSQL)', () => {
  let databaseUrl: string;
  let queue: JobQueue;
  let deadWorker: PgBoss;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    await installJobQueueSchema(databaseUrl);
    queue = await createJobQueue(loadConfig({}), databaseUrl);
    // Stands for a worker that took a job and was then killed: it claims and never answers again.
    deadWorker = new PgBoss({ connectionString: databaseUrl, max: 1, supervise: false, schedule: false, migrate: false, createSchema: false });
    deadWorker.on('error', () => undefined);
    await deadWorker.start();
  });
  afterAll(async () => {
    await deadWorker.stop({ graceful: false, close: true, timeout: 5_000 });
    await queue.drain();
  });

  it('gives every queue a heartbeat unless its definition names one', async () => {
    const unnamed: QueueDefinition = { ...QUEUE, name: 'heartbeat-default-probe' };
    await queue.enqueue(unnamed, { probe: 'definition' });
    const definition = await deadWorker.getQueue(unnamed.name);
    expect(definition).toMatchObject({ heartbeatSeconds: DEFAULT_HEARTBEAT_SECONDS, expireInSeconds: 3_600 });
  });

  it("retries a job held by a worker that stopped confirming it, long before the job's expiry", async () => {
    const jobId = await queue.enqueue(QUEUE, { probe: 'abandoned' });
    let claimed: unknown[] = [];
    while (claimed.length === 0) {
      claimed = await deadWorker.fetch(QUEUE.name);
      if (claimed.length === 0) await sleep(50);
    }
    expect((claimed[0] as { id: string }).id).toBe(jobId);

    const handled: Array<{ payload: { probe: string }; job: JobContext }> = [];
    await queue.work<{ probe: string }>(QUEUE, { concurrency: 1 }, async (payload, job) => {
      handled.push({ payload, job });
    });
    const deadline = Date.now() + 90_000;
    while (!handled.some((entry) => entry.job.id === jobId) && Date.now() < deadline) await sleep(250);

    const retried = handled.find((entry) => entry.job.id === jobId);
    expect(retried?.payload).toEqual({ probe: 'abandoned' });
    // The dead worker's claim was the first try; this is the retry the lapsed heartbeat caused.
    expect(retried?.job.attempt).toBe(2);
  }, 120_000);
});
