import { watch } from '../../../test/support/settled';
import { ForegroundWork, MAX_HOLD_MS } from './foreground-work';

/** A promise whose settling the test decides. */
function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: Error) => void } {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** Lets every settled promise's callbacks run. */
const flush = () => new Promise<void>((resolve) => jest.requireActual<typeof import('timers')>('timers').setImmediate(resolve));

describe('ForegroundWork', () => {
  let foreground: ForegroundWork;

  beforeEach(() => {
    jest.useFakeTimers();
    foreground = new ForegroundWork();
  });

  afterEach(() => jest.useRealTimers());

  it('lets a billing run go on at once when nothing is in the foreground', async () => {
    const idle = watch(foreground.idle());
    await flush();
    expect(idle.resolved()).toBe(true);
  });

  it('holds a run while foreground work is in progress, and releases every waiter when the last one ends', async () => {
    const first = deferred();
    const second = deferred();
    const running = [foreground.run(() => first.promise), foreground.run(() => second.promise)];
    const waiters = [watch(foreground.idle()), watch(foreground.idle())];

    first.resolve();
    await flush();
    expect(waiters.map((waiter) => waiter.resolved())).toEqual([false, false]);

    second.resolve();
    await Promise.all(running);
    await flush();
    expect(waiters.map((waiter) => waiter.resolved())).toEqual([true, true]);
  });

  it('never holds a run longer than the most it may wait, however long the foreground work takes', async () => {
    const endless = deferred();
    void foreground.run(() => endless.promise);
    const idle = watch(foreground.idle());

    jest.advanceTimersByTime(MAX_HOLD_MS - 1);
    await flush();
    expect(idle.resolved()).toBe(false);

    jest.advanceTimersByTime(1);
    await flush();
    expect(idle.resolved()).toBe(true);

    // A later step waits again: the hold is per wait, not a pass for the rest of the run.
    const next = watch(foreground.idle());
    await flush();
    expect(next.resolved()).toBe(false);
    endless.resolve();
    await flush();
    expect(next.resolved()).toBe(true);
  });

  it('hands back the work’s own result or failure, and a failure still ends the hold', async () => {
    await expect(foreground.run(async () => 'rendered')).resolves.toBe('rendered');

    const failing = deferred();
    const run = foreground.run(() => failing.promise);
    const idle = watch(foreground.idle());
    failing.reject(new Error('template failed'));
    await expect(run).rejects.toThrow('template failed');
    await flush();
    expect(idle.resolved()).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
  });
});
