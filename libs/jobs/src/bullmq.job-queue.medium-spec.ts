import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { loadConfig } from '@app/config';
import { createTestDatabase } from '../../../test/support/test-database';
import { startTestRedis, TestRedis } from '../../../test/support/redis-server';
import { DEFAULT_HEARTBEAT_SECONDS, JobQueue, QueueDefinition } from './job-queue';
import type { OutboxJob } from './job-outbox';
import { BullMqJobQueue } from './bullmq.job-queue';
import { jobQueueContract } from './job-queue.contract';
import { createJobQueue } from './job-queue.factory';

describe('BullMqJobQueue (real Redis and PostgreSQL)', () => {
  let redis: TestRedis;
  let prefix: string;
  let queue: JobQueue;
  let other: JobQueue;
  let database: DataSource;

  beforeAll(async () => {
    redis = await startTestRedis();
    const databaseUrl = await createTestDatabase();
    prefix = `ccm-test-${randomBytes(3).toString('hex')}`;
    const config = loadConfig({ CCM_QUEUE: 'redis', REDIS_URL: redis.url, CCM_REDIS_PREFIX: prefix });
    queue = await createJobQueue(config, databaseUrl);
    other = await createJobQueue(config, databaseUrl);
    database = await new DataSource({ type: 'postgres', url: databaseUrl }).initialize();
  });
  afterAll(async () => {
    await Promise.all([queue?.drain(), other?.drain()]);
    await database?.destroy();
    await redis?.stop();
  });

  jobQueueContract({
    queue: () => queue,
    other: () => other,
    database: () => database,
    // A worker that takes the job, holds its lock for one heartbeat and is gone: it never renews it.
    claimAndAbandon: async (definition: QueueDefinition) => {
      const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
      const dead = new Worker(definition.name, null, { connection, prefix, autorun: false, lockDuration: DEFAULT_HEARTBEAT_SECONDS * 1000 });
      try {
        for (;;) {
          const job = await dead.getNextJob('killed-worker', { block: false });
          if (job) return String(job.id);
          await sleep(50);
        }
      } finally {
        await dead.close(true);
        connection.disconnect();
      }
    },
  });

  it('moves committed outbox rows to Redis and counts each queue by state', async () => {
    const probe: QueueDefinition = { name: 'depth-probe', retryLimit: 0, retryDelaySeconds: 1, expireInSeconds: 60 };
    await database.transaction(async (manager) => {
      await queue.enqueue(probe, { n: 1 }, { within: manager });
      await queue.enqueue(probe, { n: 2 }, { within: manager, startAfter: new Date(Date.now() + 3_600_000) });
    });
    // The relay adds the jobs to Redis and then deletes their rows: until it commits, both are counted.
    let depth;
    do {
      await sleep(100);
      depth = (await queue.depth()).find((entry) => entry.queue === probe.name);
    } while (!depth || depth.ready + depth.delayed < 2 || depth.outbox > 0);
    expect(depth).toMatchObject({ ready: 1, delayed: 1, active: 0, outbox: 0 });
    expect(await database.query(`SELECT count(*)::int AS n FROM job_outbox`)).toEqual([{ n: 0 }]);
    await expect(queue.ping()).resolves.toBeUndefined();
  });

  it('relays a job someone waits on as soon as the transaction that sent it commits, without waiting for a poll', async () => {
    // Its own database, so no other relay moves the row; a poll so rare that only the commit can start the pass.
    const databaseUrl = await createTestDatabase();
    const ownDatabase = await new DataSource({ type: 'postgres', url: databaseUrl }).initialize();
    const told = new BullMqJobQueue({ redisUrl: redis.url, prefix: 'ccm-commit', databaseUrl, relayPollIntervalMs: 3_600_000 });
    const probe: QueueDefinition = { name: 'commit-probe', retryLimit: 0, retryDelaySeconds: 1, expireInSeconds: 60, awaited: true };
    const handled: string[] = [];
    try {
      await told.start();
      await told.work<{ n: string }>(probe, { concurrency: 1 }, async (payload) => {
        handled.push(payload.n);
      });
      await ownDatabase.transaction(async (manager) => {
        await told.enqueue(probe, { n: 'rolled back' }, { within: manager });
        throw new Error('nothing of this transaction is kept');
      }).catch(() => undefined);
      await ownDatabase.transaction((manager) => told.enqueue(probe, { n: 'committed' }, { within: manager }));
      while (handled.length === 0) await sleep(50);
      expect(handled).toEqual(['committed']);
    } finally {
      await told.drain();
      await ownDatabase.destroy();
    }
  });

  it('runs an outbox row relayed again (the relay died between adding its job and deleting it) once', async () => {
    const probe: QueueDefinition = { name: 'relay-twice-probe', retryLimit: 0, retryDelaySeconds: 1, expireInSeconds: 60 };
    const row: OutboxJob = { id: randomUUID(), queue: probe.name, payload: { n: 'once' }, retryLimit: 0, retryDelaySeconds: 1, singletonKey: null, startAfter: null };
    // What the relay hands to the queue; a test may reach inside.
    const relay = (jobs: OutboxJob[]) => (queue as unknown as { relayed(jobs: OutboxJob[]): Promise<void> }).relayed(jobs);
    await relay([row]);
    await relay([row]);
    const handled: string[] = [];
    await queue.work<{ n: string }>(probe, { concurrency: 2 }, async (payload, job) => {
      handled.push(job.id);
    });
    const deadline = Date.now() + 30_000;
    while (handled.length === 0 && Date.now() < deadline) await sleep(100);
    // Relayed a third time after it ran: the finished job is still kept, so nothing is added.
    await relay([row]);
    await sleep(2_000);
    expect(handled).toEqual([row.id]);
  });

  it('keeps committed jobs in the outbox while Redis is gone, fails readiness, and relays them once Redis is back', async () => {
    // Its own Redis and its own database: the other queues' relays would move its rows elsewhere.
    let own = await startTestRedis();
    const databaseUrl = await createTestDatabase();
    const ownDatabase = await new DataSource({ type: 'postgres', url: databaseUrl }).initialize();
    const isolated = await createJobQueue(loadConfig({ CCM_QUEUE: 'redis', REDIS_URL: own.url, CCM_REDIS_PREFIX: 'ccm-outage' }), databaseUrl);
    const probe: QueueDefinition = { name: 'outage-probe', retryLimit: 1, retryDelaySeconds: 1, expireInSeconds: 60 };
    const handled: string[] = [];
    await isolated.work<{ n: string }>(probe, { concurrency: 1 }, async (payload) => {
      handled.push(payload.n);
    });
    try {
      await own.stop();
      await expect(isolated.ping()).rejects.toThrow();
      // Intake needs only PostgreSQL: the transaction commits, its job waits as a row.
      await ownDatabase.transaction((manager) => isolated.enqueue(probe, { n: 'during the outage' }, { within: manager }));
      const waiting = async () => (await ownDatabase.query(`SELECT count(*)::int AS n FROM job_outbox WHERE queue = $1`, [probe.name]))[0].n as number;
      // Relay passes come every second and fail meanwhile; the row outlives them.
      await sleep(3_000);
      expect(await waiting()).toBe(1);

      own = await startTestRedis({ port: own.port });
      const deadline = Date.now() + 60_000;
      while (handled.length === 0 && Date.now() < deadline) await sleep(100);
      expect(handled).toEqual(['during the outage']);
      // The relay deletes the row once Redis has the job, and the worker may run that job first.
      while ((await waiting()) > 0 && Date.now() < deadline) await sleep(100);
      expect(await waiting()).toBe(0);
      await expect(isolated.ping()).resolves.toBeUndefined();
    } finally {
      await isolated.drain();
      await ownDatabase.destroy();
      await own.stop();
    }
  }, 120_000);
});
