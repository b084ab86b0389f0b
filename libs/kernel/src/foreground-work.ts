/**
 * The longest a billing run's next step waits for documents posted on their
 * own. Long enough for one of them to be accepted or rendered (tens of
 * milliseconds), short enough that a steady stream of single documents slows a
 * run but never stops it.
 */
export const MAX_HOLD_MS = 200;

/**
 * Lets documents posted on their own go first inside one process. Separate
 * queues already keep them from waiting behind a billing run's jobs; what they
 * still share is the process's one thread and its PostgreSQL connections. So
 * while a single document's work runs (`run`), a billing run's next step waits
 * (`idle`), for at most `MAX_HOLD_MS`:
 * - in a worker, a run's next render chunk and next send try wait while a single
 *   document renders. This is what lets a channel send a billing run's
 *   deliveries in tries of 32 without making the single documents wait much
 *   longer than with tries of 16 (bench/README.md);
 * - in the API, a batch's next chunk of lines is written once no single
 *   document's POST is under way.
 */
export class ForegroundWork {
  private running = 0;
  private readonly waiting = new Set<() => void>();

  /** Runs a piece of foreground work; the run's steps wait while any is in progress. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    this.running += 1;
    try {
      return await work();
    } finally {
      this.running -= 1;
      if (this.running === 0) this.releaseAll();
    }
  }

  /** Resolves once no foreground work is in progress, or after `MAX_HOLD_MS`, whichever is first. */
  idle(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const release = () => {
        clearTimeout(timer);
        this.waiting.delete(release);
        resolve();
      };
      const timer = setTimeout(release, MAX_HOLD_MS);
      this.waiting.add(release);
    });
  }

  private releaseAll(): void {
    for (const release of [...this.waiting]) release();
  }
}
