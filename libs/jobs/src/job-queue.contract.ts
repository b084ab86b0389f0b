import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource, EntityManager } from 'typeorm';
import type { JobContext, JobQueue, QueueDefinition } from './job-queue';

/** What each driver's medium spec provides to run the contract against the real thing. */
export interface JobQueueHarness {
  /** A queue as the factory makes it for the driver under test. */
  queue(): JobQueue;
  /** A second instance on the same store, as another process has. */
  other(): JobQueue;
  /** The platform's migrated database, for sends inside a transaction. */
  database(): DataSource;
  /** Claims the next job of `queue` as a worker that dies at once: it never confirms or finishes it. Answers the job's id. */
  claimAndAbandon(queue: QueueDefinition): Promise<string>;
}

interface Handled<T> {
  readonly payload: T;
  readonly job: JobContext;
  readonly at: number;
}

const definition = (name: string, overrides: Partial<QueueDefinition> = {}): QueueDefinition => ({
  name: `${name}-${randomBytes(3).toString('hex')}`,
  retryLimit: 3,
  retryDelaySeconds: 1,
  // Far beyond every test's deadline: only a lapsed heartbeat can bring a claimed job back in time.
  expireInSeconds: 3_600,
  ...overrides,
});

async function until(condition: () => boolean, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/**
 * What every `JobQueue` driver must do, whatever it keeps jobs in. Absences
 * ("no third try", "no job before commit") are checked after a wait well past
 * when the job would have come; everything else polls for the state it expects.
 */
export function jobQueueContract(harness: JobQueueHarness): void {
  async function collect<T extends object>(queue: QueueDefinition, handler?: (payload: T, job: JobContext) => Promise<void>, on = harness.queue()) {
    const handled: Array<Handled<T>> = [];
    await on.work<T>(queue, { concurrency: 2 }, async (payload, job) => {
      handled.push({ payload, job, at: Date.now() });
      await handler?.(payload, job);
    });
    return handled;
  }

  /** Sends inside a transaction whose caller then fails: the transaction rolls back. */
  async function sendAndRollBack(send: (manager: EntityManager) => Promise<unknown>): Promise<void> {
    await harness
      .database()
      .transaction(async (manager) => {
        await send(manager);
        throw new Error('the caller fails after sending');
      })
      .catch(() => undefined);
  }

  it('runs a job it was given, once, as its first attempt', async () => {
    const queue = definition('contract-run');
    const handled = await collect<{ n: number }>(queue);
    const id = await harness.queue().enqueue(queue, { n: 1 });
    expect(id).toEqual(expect.any(String));
    await until(() => handled.length === 1, 'the job');
    expect(handled[0]).toMatchObject({ payload: { n: 1 }, job: { id, attempt: 1 } });
  });

  it('retries a job whose handler threw, until it succeeds', async () => {
    const queue = definition('contract-retry', { retryLimit: 3, retryDelaySeconds: 1 });
    const handled = await collect<{ n: number }>(queue, async (_, job) => {
      if (job.attempt < 3) throw new Error(`try ${job.attempt} fails`);
    });
    await harness.queue().enqueue(queue, { n: 2 });
    await until(() => handled.length === 3, 'three tries');
    expect(handled.map((entry) => entry.job.attempt)).toEqual([1, 2, 3]);
  });

  it("stops after the queue's retry limit", async () => {
    const queue = definition('contract-limit', { retryLimit: 1, retryDelaySeconds: 1 });
    const handled = await collect<{ n: number }>(queue, async () => {
      throw new Error('always fails');
    });
    await harness.queue().enqueue(queue, { n: 3 });
    await until(() => handled.length === 2, 'the first try and its one retry');
    // A third try would come after a delay of 2–4 s; wait well past it.
    await sleep(8_000);
    expect(handled.map((entry) => entry.job.attempt)).toEqual([1, 2]);
  });

  it('keeps one queued job per singleton key and drops a second send with that key', async () => {
    const queue = definition('contract-singleton');
    const first = await harness.queue().enqueue(queue, { n: 'first' }, { singletonKey: 'document-1' });
    const second = await harness.queue().enqueue(queue, { n: 'second' }, { singletonKey: 'document-1' });
    const other = await harness.queue().enqueue(queue, { n: 'other key' }, { singletonKey: 'document-2' });
    expect(first).toEqual(expect.any(String));
    expect(second).toBeNull();
    expect(other).toEqual(expect.any(String));
    const handled = await collect<{ n: string }>(queue);
    await until(() => handled.length === 2, 'one job per key');
    await sleep(2_000);
    expect(handled.map((entry) => entry.payload.n).sort()).toEqual(['first', 'other key']);
  });

  it('holds a job until its start time', async () => {
    const queue = definition('contract-start-after');
    const handled = await collect<{ n: number }>(queue);
    const startAfter = new Date(Date.now() + 3_000);
    await harness.queue().enqueue(queue, { n: 5 }, { startAfter });
    await until(() => handled.length === 1, 'the delayed job');
    expect(handled[0].at).toBeGreaterThanOrEqual(startAfter.getTime() - 50);
  });

  it("makes a job sent inside a transaction visible only once the transaction commits, and never when it rolls back", async () => {
    const queue = definition('contract-outbox');
    const handled = await collect<{ n: string }>(queue);
    await sendAndRollBack((manager) => harness.queue().enqueue(queue, { n: 'rolled back' }, { within: manager }));
    let committedId: string | null = null;
    await harness.database().transaction(async (manager) => {
      committedId = await harness.queue().enqueue(queue, { n: 'committed' }, { within: manager });
      // Workers poll and relays run meanwhile: nothing of an open transaction may reach them.
      await sleep(2_500);
      expect(handled).toHaveLength(0);
    });
    await until(() => handled.length >= 1, 'the committed job');
    await sleep(2_000);
    expect(handled.map((entry) => entry.payload.n)).toEqual(['committed']);
    expect(handled[0].job.id).toBe(committedId);
  });

  it('sends many jobs inside a transaction as many jobs, each once, only once it commits', async () => {
    const queue = definition('contract-outbox-many');
    const handled = await collect<{ n: number }>(queue);
    await sendAndRollBack((manager) => harness.queue().enqueueMany(queue, [{ n: -1 }, { n: -2 }], { within: manager }));
    const payloads = Array.from({ length: 40 }, (_, n) => ({ n }));
    await harness.database().transaction((manager) => harness.queue().enqueueMany(queue, payloads, { within: manager }));
    await until(() => handled.length >= payloads.length, 'the committed jobs');
    await sleep(2_000);
    expect(handled.map((entry) => entry.payload.n).sort((a, b) => a - b)).toEqual(payloads.map(({ n }) => n));
    expect(new Set(handled.map((entry) => entry.job.id)).size).toBe(payloads.length);
  });

  it("runs again a job whose worker died holding it, after the heartbeat lapses and long before the job's expiry", async () => {
    const queue = definition('contract-crash');
    const id = await harness.queue().enqueue(queue, { n: 'abandoned' });
    expect(await harness.claimAndAbandon(queue)).toBe(id);
    const handled = await collect<{ n: string }>(queue);
    await until(() => handled.some((entry) => entry.job.id === id), 'the abandoned job to come back');
    // The dead worker's claim was the first try; this is the retry the lapsed heartbeat caused.
    expect(handled.find((entry) => entry.job.id === id)).toMatchObject({ payload: { n: 'abandoned' }, job: { attempt: 2 } });
  }, 120_000);

  it('makes one job per tick of a schedule, however many processes ask for it', async () => {
    const queue = definition('contract-schedule');
    const handled = await collect<{ tick: boolean }>(queue);
    const onOther = await collect<{ tick: boolean }>(queue, undefined, harness.other());
    await harness.queue().schedule(queue, '* * * * *', { tick: true });
    await harness.other().schedule(queue, '* * * * *', { tick: true });
    const all = () => [...handled, ...onOther].sort((a, b) => a.at - b.at);
    await until(() => all().length >= 2, 'two ticks', 200_000);
    // Ticks are a minute apart; a second job of one tick would run within seconds of the first.
    const [first, second] = all();
    expect(second.at - first.at).toBeGreaterThan(20_000);
  }, 240_000);
}
