import type { Worker } from 'node:worker_threads';
import { type FromThread, reviveError, serializeError, type ToThread } from './thread-protocol';

/** What the threads may ask of the parent: work that needs the parent's resources (Chromium, the database). */
export type ParentCalls = Readonly<Record<string, (...args: any[]) => Promise<unknown>>>;

export interface ThreadPoolOptions {
  readonly threads: number;
  /** Time a task may compute; time spent waiting on a parent call does not count. */
  readonly budgetMs: number;
  readonly start: () => Worker;
  readonly calls: ParentCalls;
}

/** A task that computed longer than its budget, or filled its thread's heap; the thread running it was ended. */
export class TaskLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TaskLimitError';
  }
}

interface Task {
  readonly kind: string;
  readonly input: unknown;
  readonly affinity: string | undefined;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** Affinities a thread remembers having served; its caches hold what those tasks compiled. */
const REMEMBERED_AFFINITIES = 16;

interface Slot {
  readonly worker: Worker;
  readonly ready: Promise<void>;
  /** The affinities of the last tasks it ran, oldest first. */
  readonly served: Set<string>;
  task?: { readonly id: number; readonly task: Task; timer?: NodeJS.Timeout; remainingMs: number; startedAt: number; calls: number };
}

/**
 * A few worker threads that run tasks with a time budget. A thread that
 * overruns is terminated (synchronous code cannot be interrupted any other
 * way) and replaced when next needed. A task goes to a free thread that ran
 * a task of the same affinity lately, so what that thread cached serves it.
 */
export class ThreadPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 0;
  private closed = false;

  constructor(private readonly options: ThreadPoolOptions) {}

  run<T>(kind: string, input: unknown, affinity?: string): Promise<T> {
    if (this.closed) return Promise.reject(new Error('The thread pool is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ kind, input, affinity, resolve: resolve as (value: unknown) => void, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) task.reject(new Error('The thread pool is closed'));
    const slots = this.slots.splice(0);
    for (const slot of slots) {
      clearTimeout(slot.task?.timer);
      slot.task?.task.reject(new Error('The thread pool is closed'));
      slot.task = undefined;
    }
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const idle = this.slots.filter((slot) => !slot.task);
      const next = this.queue[0];
      const slot =
        idle.find((candidate) => next.affinity !== undefined && candidate.served.has(next.affinity)) ??
        idle[0] ??
        (this.slots.length < this.options.threads ? this.spawn() : undefined);
      if (!slot) return;
      this.queue.shift();
      this.assign(slot, next);
    }
  }

  private assign(slot: Slot, task: Task): void {
    const id = ++this.nextId;
    if (task.affinity !== undefined) {
      slot.served.delete(task.affinity);
      slot.served.add(task.affinity);
      if (slot.served.size > REMEMBERED_AFFINITIES) slot.served.delete(slot.served.values().next().value!);
    }
    slot.task = { id, task, remainingMs: this.options.budgetMs, startedAt: 0, calls: 0 };
    slot.ready.then(
      () => {
        if (slot.task?.id !== id) return;
        slot.worker.postMessage({ type: 'task', id, kind: task.kind, input: task.input } satisfies ToThread);
        this.startClock(slot);
      },
      (error: unknown) => this.fail(slot, error),
    );
  }

  private spawn(): Slot {
    const worker = this.options.start();
    let ready!: () => void;
    let failed!: (error: unknown) => void;
    const slot: Slot = { worker, served: new Set(), ready: new Promise<void>((resolve, reject) => ((ready = resolve), (failed = reject))) };
    slot.ready.catch(() => undefined);
    worker.on('message', (message: FromThread) => {
      if (message.type === 'ready') return ready();
      if (message.type === 'call') return this.answer(slot, message);
      if (message.type === 'done') this.finish(slot, message);
    });
    worker.on('error', (error) => {
      failed(error);
      // A thread's heap is bounded (`resourceLimits`): filling it ends that thread alone, and is the task's doing.
      const outOfMemory = (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
      this.fail(slot, outOfMemory ? new TaskLimitError('ran out of the memory its thread may use') : error);
    });
    worker.on('exit', (code) => {
      failed(new Error(`The worker thread exited with code ${code} before it was ready`));
      this.fail(slot, new Error(`The worker thread exited with code ${code}`));
    });
    this.slots.push(slot);
    return slot;
  }

  private async answer(slot: Slot, { call, method, args }: Extract<FromThread, { type: 'call' }>): Promise<void> {
    const running = slot.task;
    if (!running) return;
    // The parent's own work (printing a PDF, reading the database) is not the author's computation.
    this.stopClock(slot);
    running.calls++;
    let reply: ToThread;
    try {
      const handler = this.options.calls[method];
      if (!handler) throw new Error(`No parent call "${method}"`);
      reply = { type: 'reply', call, value: await handler(...args) };
    } catch (error) {
      reply = { type: 'reply', call, error: serializeError(error) };
    }
    if (slot.task !== running) return;
    running.calls--;
    slot.worker.postMessage(reply);
    if (running.calls === 0) this.startClock(slot);
  }

  private finish(slot: Slot, { id, value, error }: Extract<FromThread, { type: 'done' }>): void {
    const running = slot.task;
    if (!running || running.id !== id) return;
    clearTimeout(running.timer);
    slot.task = undefined;
    if (error) running.task.reject(reviveError(error));
    else running.task.resolve(value);
    this.dispatch();
  }

  private startClock(slot: Slot): void {
    const running = slot.task!;
    running.startedAt = performance.now();
    running.timer = setTimeout(() => this.overrun(slot), Math.max(0, running.remainingMs));
  }

  private stopClock(slot: Slot): void {
    const running = slot.task!;
    if (running.calls > 0) return;
    clearTimeout(running.timer);
    running.remainingMs -= performance.now() - running.startedAt;
  }

  private overrun(slot: Slot): void {
    const running = slot.task;
    if (!running) return;
    this.fail(slot, new TaskLimitError(`did not finish within ${this.options.budgetMs} ms`));
  }

  /** Ends the slot's thread and its task; queued tasks go to the others or to a new thread. */
  private fail(slot: Slot, error: unknown): void {
    const index = this.slots.indexOf(slot);
    if (index === -1) return;
    this.slots.splice(index, 1);
    const running = slot.task;
    slot.task = undefined;
    if (running) {
      clearTimeout(running.timer);
      running.task.reject(error);
    }
    slot.worker.removeAllListeners('exit');
    slot.worker.on('error', () => undefined);
    void slot.worker.terminate();
    if (!this.closed) this.dispatch();
  }
}
