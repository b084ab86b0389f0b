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

  it('takes jobs in batches yet settles each alone: a failing one is retried, its batch-mates are not', async () => {
    const batched: QueueDefinition = { name: 'batch-probe', retryLimit: 2, retryDelaySeconds: 1, expireInSeconds: 60 };
    await queue.enqueueMany(batched, Array.from({ length: 6 }, (_, index) => ({ index })));
    const runs = new Map<number, number[]>();
    await queue.work<{ index: number }>(batched, { concurrency: 6, batchSize: 3 }, async ({ index }, job) => {
      runs.set(index, [...(runs.get(index) ?? []), job.attempt]);
      if (index === 4 && job.attempt === 1) throw new Error('a passing failure');
    });
    const deadline = Date.now() + 90_000;
    while (!(runs.size === 6 && runs.get(4)?.length === 2) && Date.now() < deadline) await sleep(100);
    await sleep(1_500);
    expect(Object.fromEntries(runs)).toEqual({ 0: [1], 1: [1], 2: [1], 3: [1], 4: [1, 2], 5: [1] });
  }, 120_000);
});
