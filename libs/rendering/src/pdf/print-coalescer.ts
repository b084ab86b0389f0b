/** One caller's request waiting in a group, with its own way back. */
export interface Pending<T, R> {
  readonly item: T;
  resolve(result: R): void;
  reject(error: unknown): void;
}

export interface CoalescerOptions<T, R> {
  /** How long the first request of a group waits for others that can share its print. */
  windowMs: number;
  /** A group this large goes at once. */
  maxSize: number;
  /** Settles every member of the group, each with its own result or error. */
  flush(group: Array<Pending<T, R>>): void;
}

/**
 * Gathers requests with the same key that arrive within a short window into one group.
 * Callers keep calling one document at a time (the render queue runs one job per
 * document); requests that arrive together, as they do in a billing run, share a print.
 * A lone request waits one window: a few milliseconds against a print of a hundred or more.
 */
export class Coalescer<T, R> {
  private readonly open = new Map<string, { members: Array<Pending<T, R>>; timer: NodeJS.Timeout }>();

  constructor(private readonly options: CoalescerOptions<T, R>) {}

  add(key: string, item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      let group = this.open.get(key);
      if (!group) {
        const timer = setTimeout(() => this.flush(key), this.options.windowMs);
        group = { members: [], timer };
        this.open.set(key, group);
      }
      group.members.push({ item, resolve, reject });
      if (group.members.length >= this.options.maxSize) this.flush(key);
    });
  }

  /** Sends every open group now (on shutdown, so nobody waits for a timer). */
  flushAll(): void {
    for (const key of [...this.open.keys()]) this.flush(key);
  }

  private flush(key: string): void {
    const group = this.open.get(key);
    if (!group) return;
    clearTimeout(group.timer);
    this.open.delete(key);
    this.options.flush(group.members);
  }
}
