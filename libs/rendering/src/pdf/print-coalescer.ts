/** One caller's request waiting in a group, with its own way back. */
export interface Pending<T, R> {
  readonly item: T;
  resolve(result: R): void;
  reject(error: unknown): void;
}

export interface CoalescerOptions<T, R> {
  /** How long the first request of a group waits for others that can share its print. */
  windowMs: number;
  /** A group this large goes at once and takes no one else. */
  maxSize: number;
  /**
   * Called once a group's window has passed, or at once when it is full. The group stays
   * open to requests of its key until `seal` is called, which returns its members: the
   * caller seals it when it can print it (holds a page), so requests that arrive while
   * every page is busy join the group waiting for the next page instead of each forming
   * a group of its own. Every member must then be settled, with its own result or error.
   */
  flush(seal: () => Array<Pending<T, R>>): void;
}

interface OpenGroup<T, R> {
  readonly members: Array<Pending<T, R>>;
  timer?: NodeJS.Timeout;
  flushed: boolean;
}

/**
 * Gathers requests with the same key into groups that share one print. Callers keep
 * calling one document at a time (the render queue runs one job per document); requests
 * that arrive together, or queue behind busy pages, as they do in a billing run, share a
 * print. So groups grow with the backlog: large when pages are scarce, where a print saved
 * matters, and of one when the engine is idle. A lone request on an idle engine waits one
 * window: a few milliseconds against a print of a hundred or more.
 */
export class Coalescer<T, R> {
  private readonly open = new Map<string, OpenGroup<T, R>>();

  constructor(private readonly options: CoalescerOptions<T, R>) {}

  add(key: string, item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      let group = this.open.get(key);
      if (!group) {
        const created: OpenGroup<T, R> = { members: [], flushed: false };
        created.timer = setTimeout(() => this.flush(key, created), this.options.windowMs);
        this.open.set(key, (group = created));
      }
      group.members.push({ item, resolve, reject });
      if (group.members.length >= this.options.maxSize) {
        this.close(key, group);
        this.flush(key, group);
      }
    });
  }

  /** Ends every window now (on shutdown, so nobody waits for a timer). */
  flushAll(): void {
    for (const [key, group] of [...this.open]) this.flush(key, group);
  }

  private flush(key: string, group: OpenGroup<T, R>): void {
    if (group.flushed) return;
    group.flushed = true;
    clearTimeout(group.timer);
    this.options.flush(() => {
      this.close(key, group);
      return group.members;
    });
  }

  private close(key: string, group: OpenGroup<T, R>): void {
    if (this.open.get(key) === group) this.open.delete(key);
  }
}
