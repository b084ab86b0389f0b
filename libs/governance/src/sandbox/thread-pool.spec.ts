import { Worker } from 'node:worker_threads';
import { TaskLimitError, ThreadPool } from './thread-pool';

/** A thread speaking the pool's protocol: `spin` computes forever, `echo` answers, `ask` waits on the parent. */
const THREAD = `
  const { parentPort } = require('node:worker_threads');
  const replies = new Map();
  let call = 0;
  const ask = (method, args) => new Promise((resolve) => { replies.set(++call, resolve); parentPort.postMessage({ type: 'call', call, method, args }); });
  parentPort.on('message', async (message) => {
    if (message.type === 'reply') return replies.get(message.call)(message.value);
    const { id, kind, input } = message;
    if (kind === 'spin') for (;;);
    if (kind === 'hoard') { const kept = []; for (;;) kept.push('x'.repeat(1024) + kept.length); }
    if (kind === 'fail') return parentPort.postMessage({ type: 'done', id, error: { message: 'broken', domain: { code: 'template_invalid', errors: [], details: {} } } });
    if (kind === 'ask') return parentPort.postMessage({ type: 'done', id, value: await ask('slow', [input]) });
    parentPort.postMessage({ type: 'done', id, value: { input, thread: require('node:worker_threads').threadId } });
  });
  parentPort.postMessage({ type: 'ready' });
`;

describe('ThreadPool', () => {
  let started: number;
  let pool: ThreadPool;
  const create = (budgetMs: number, threads = 1, heapMb?: number) => {
    started = 0;
    pool = new ThreadPool({
      threads,
      budgetMs,
      start: () => {
        started++;
        return new Worker(THREAD, { eval: true, ...(heapMb ? { resourceLimits: { maxOldGenerationSizeMb: heapMb } } : {}) });
      },
      calls: { slow: (value: string) => new Promise((resolve) => setTimeout(() => resolve(`parent saw ${value}`), 1_000)) },
    });
    return pool;
  };
  afterEach(() => pool.close());

  it('ends a thread that overruns its budget, and runs the next task on a new one', async () => {
    create(200);
    await expect(pool.run('spin', null)).rejects.toThrow(new TaskLimitError('did not finish within 200 ms'));
    await expect(pool.run('echo', 'after')).resolves.toMatchObject({ input: 'after' });
    expect(started).toBe(2);
  });

  it('ends a thread that fills its heap as a task limit, and the pool goes on', async () => {
    create(60_000, 1, 32);
    await expect(pool.run('hoard', null)).rejects.toThrow(new TaskLimitError('ran out of the memory its thread may use'));
    await expect(pool.run('echo', 'after')).resolves.toMatchObject({ input: 'after' });
  });

  it('does not count time spent on a parent call against the budget', async () => {
    create(300);
    await expect(pool.run('ask', 'x')).resolves.toBe('parent saw x');
  });

  it('gives a domain error back as the same domain error', async () => {
    create(5_000);
    await expect(pool.run('fail', null)).rejects.toMatchObject({ name: 'DomainError', code: 'template_invalid', message: 'broken' });
  });

  it('keeps tasks of one affinity on the thread that ran the last of them', async () => {
    create(5_000, 2);
    const [a, b] = await Promise.all([pool.run<{ thread: number }>('echo', 1, 'a'), pool.run<{ thread: number }>('echo', 2, 'b')]);
    expect(a.thread).not.toBe(b.thread);
    for (let i = 0; i < 5; i++) {
      expect((await pool.run<{ thread: number }>('echo', i, 'b')).thread).toBe(b.thread);
      expect((await pool.run<{ thread: number }>('echo', i, 'a')).thread).toBe(a.thread);
    }
  });

  it('ends the task in flight when closed, and refuses work after', async () => {
    create(60_000);
    const spinning = expect(pool.run('spin', null)).rejects.toThrow(/closed/);
    const queued = expect(pool.run('echo', 'behind it')).rejects.toThrow(/closed/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await pool.close();
    await spinning;
    await queued;
    await expect(pool.run('echo', 1)).rejects.toThrow(/closed/);
  });
});
