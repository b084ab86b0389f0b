import { PgBoss } from 'pg-boss';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { loadConfig } from '@app/config';
import { createTestDatabase } from '../../../test/support/test-database';
import { DEFAULT_HEARTBEAT_SECONDS, JobQueue, QueueDefinition } from './job-queue';
import { jobQueueContract } from './job-queue.contract';
import { createJobQueue } from './job-queue.factory';
import { installJobQueueSchema } from './job-queue.schema';

describe('PgBossJobQueue (real PostgreSQL)', () => {
  let queue: JobQueue;
  let other: JobQueue;
  let database: DataSource;
  let deadWorker: PgBoss;

  beforeAll(async () => {
    const databaseUrl = await createTestDatabase();
    await installJobQueueSchema(databaseUrl);
    queue = await createJobQueue(loadConfig({}), databaseUrl);
    other = await createJobQueue(loadConfig({}), databaseUrl);
    database = await new DataSource({ type: 'postgres', url: databaseUrl }).initialize();
    // Stands for a worker that took a job and was then killed: it claims and never answers again.
    deadWorker = new PgBoss({ connectionString: databaseUrl, max: 1, supervise: false, schedule: false, migrate: false, createSchema: false });
    deadWorker.on('error', () => undefined);
    await deadWorker.start();
  });
  afterAll(async () => {
    await deadWorker.stop({ graceful: false, close: true, timeout: 5_000 });
    await Promise.all([queue.drain(), other.drain()]);
    await database.destroy();
  });

  jobQueueContract({
    queue: () => queue,
    other: () => other,
    database: () => database,
    claimAndAbandon: async (definition: QueueDefinition) => {
      for (;;) {
        const [claimed] = await deadWorker.fetch(definition.name);
        if (claimed) return claimed.id;
        await sleep(50);
      }
    },
  });

  it('gives every queue a heartbeat unless its definition names one', async () => {
    const unnamed: QueueDefinition = { name: 'heartbeat-default-probe', retryLimit: 3, retryDelaySeconds: 1, expireInSeconds: 3_600 };
    await queue.enqueue(unnamed, { probe: 'definition' });
    const definition = await deadWorker.getQueue(unnamed.name);
    expect(definition).toMatchObject({ heartbeatSeconds: DEFAULT_HEARTBEAT_SECONDS, expireInSeconds: 3_600 });
  });

  it('counts each queue’s jobs by state', async () => {
    const probe: QueueDefinition = { name: 'depth-probe', retryLimit: 0, retryDelaySeconds: 1, expireInSeconds: 60 };
    await queue.enqueue(probe, { n: 1 });
    await queue.enqueue(probe, { n: 2 }, { startAfter: new Date(Date.now() + 3_600_000) });
    // The counts are the supervisor's, refreshed every few seconds.
    let depth;
    do {
      await sleep(250);
      depth = (await queue.depth()).find((entry) => entry.queue === probe.name);
    } while (!depth || depth.ready + depth.delayed < 2);
    expect(depth).toMatchObject({ ready: 1, delayed: 1, active: 0, outbox: 0 });
    await expect(queue.ping()).resolves.toBeUndefined();
  }, 60_000);

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
