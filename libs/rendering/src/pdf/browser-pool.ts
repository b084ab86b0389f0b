import type { Page } from 'puppeteer';
import { DomainError } from '@app/kernel';
import { DEFAULT_LAUNCH_TIMEOUT_MS, launchChromium, type LaunchedChromium } from './chromium-launch';
import { silentPdfLogger, type PdfLogger } from './pdf-log';

export const DEFAULT_MAX_CONCURRENT_PAGES = 4;
/** Chromium's memory grows with every document; a fresh process every few hundred keeps it flat. */
export const DEFAULT_MAX_JOBS_PER_BROWSER = 500;
/** A page that does not close in this time has a stuck renderer; its browser is retired. */
export const PAGE_CLOSE_TIMEOUT_MS = 3_000;
/**
 * Opening and preparing a page is quick even on a busy machine; one that takes this long
 * has a browser that no longer answers, which is retired rather than waited on for ever.
 */
export const PAGE_OPEN_TIMEOUT_MS = 30_000;

export interface BrowserPoolOptions<S> {
  executablePath: string;
  maxConcurrentPages?: number;
  maxJobsPerBrowser?: number;
  launchTimeoutMs?: number;
  /** Where browser profiles go (see `launchChromium`). */
  profileRoot?: string;
  pageOpenTimeoutMs?: number;
  /** Runs once on every new page, before its first document; its result travels with the page. */
  setUpPage: (page: Page) => Promise<S>;
  log?: PdfLogger;
}

/**
 * A page lent to one document. `lost` rejects when the page's renderer or the whole
 * browser dies, so a render does not wait for its timeout to learn that.
 */
export interface PageLease<S> {
  readonly page: Page;
  readonly state: S;
  readonly lost: Promise<never>;
  /**
   * Hands the page back. `reusable` only when the document printed normally; any other
   * page is closed, since it may still be busy with the failed document.
   */
  release(reusable: boolean): Promise<void>;
}

interface PooledPage<S> {
  page: Page;
  state: S;
  onLost?: (error: Error) => void;
}

interface PooledBrowser<S> {
  chromium: LaunchedChromium;
  jobs: number;
  inFlight: number;
  idle: PooledPage<S>[];
  leased: Set<PooledPage<S>>;
  retiring: boolean;
  dead: boolean;
  shutdown?: Promise<void>;
}

export interface PdfPoolUsage {
  readonly pagesInUse: number;
  readonly pagesMax: number;
  readonly waiting: number;
}

/**
 * One Chromium shared by every document, with a bounded number of pages open at once.
 * Pages are reused from one document to the next: that is about three times faster
 * than a fresh incognito context per document, and isolation does not depend on the
 * context, because a document has no JavaScript and no network, so it cannot leave
 * cookies, storage or cache entries behind, and loading the next document replaces
 * the whole DOM. A page that failed or timed out is never reused.
 *
 * The browser is replaced after a number of documents, and when it crashes: documents
 * in flight on a crashed browser fail as `unavailable` and the next one relaunches it.
 */
export class BrowserPool<S> {
  private readonly maxPages: number;
  private readonly maxJobs: number;
  private readonly launchTimeoutMs: number;
  private readonly pageOpenTimeoutMs: number;
  private readonly log: PdfLogger;
  private readonly browsers = new Set<PooledBrowser<S>>();
  private current: PooledBrowser<S> | undefined;
  private launching: Promise<PooledBrowser<S>> | undefined;
  private leased = 0;
  private readonly waiting: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  private readonly drainWaiters: Array<() => void> = [];
  private closing: Promise<void> | undefined;

  constructor(private readonly options: BrowserPoolOptions<S>) {
    this.maxPages = positiveInteger(options.maxConcurrentPages ?? DEFAULT_MAX_CONCURRENT_PAGES, 'maxConcurrentPages');
    this.maxJobs = positiveInteger(options.maxJobsPerBrowser ?? DEFAULT_MAX_JOBS_PER_BROWSER, 'maxJobsPerBrowser');
    this.launchTimeoutMs = options.launchTimeoutMs ?? DEFAULT_LAUNCH_TIMEOUT_MS;
    this.pageOpenTimeoutMs = options.pageOpenTimeoutMs ?? PAGE_OPEN_TIMEOUT_MS;
    this.log = options.log ?? silentPdfLogger;
  }

  /**
   * Waits for a free page (launching the browser if needed) and lends it. Waiting is the
   * pool's backpressure: a document queued behind others is not failed for waiting, only
   * when the engine shuts down, so callers start their render budget once they hold a page.
   */
  async acquire(): Promise<PageLease<S>> {
    await this.takeSlot();
    for (let attempt = 1; ; attempt += 1) {
      let browser: PooledBrowser<S> | undefined;
      try {
        browser = await this.currentBrowser();
        browser.jobs += 1;
        browser.inFlight += 1;
        if (browser.jobs >= this.maxJobs) this.retire(browser, 'job limit reached');
        const pooled = browser.idle.pop() ?? (await this.openPage(browser));
        return this.lease(browser, pooled);
      } catch (error) {
        if (browser) {
          browser.inFlight -= 1;
          this.shutdownIfIdle(browser);
        }
        // A browser that could not open a page (its renderers crashed, it hung) has been
        // retired; the document has not started yet, so one fresh browser may take it.
        if (attempt === 1 && browser && (browser.retiring || browser.dead) && !this.closing) continue;
        this.giveSlot();
        throw asUnavailable(error, 'Could not open a page in the PDF browser');
      }
    }
  }

  /** Pages lent out now, the most that may be, and documents waiting for one: the pool's load, for metrics. */
  usage(): PdfPoolUsage {
    return { pagesInUse: this.leased, pagesMax: this.maxPages, waiting: this.waiting.length };
  }

  /**
   * Refuses new documents, lets the ones holding a page finish, then closes every
   * browser. Documents still waiting for a page fail as `unavailable` (retryable).
   */
  close(): Promise<void> {
    this.closing ??= this.closeAll();
    return this.closing;
  }

  private async closeAll(): Promise<void> {
    for (const waiter of this.waiting.splice(0)) {
      waiter.reject(new DomainError('unavailable', 'PDF engine is shutting down'));
    }
    if (this.leased > 0) await new Promise<void>((resolve) => this.drainWaiters.push(resolve));
    await this.launching?.catch(() => undefined);
    await Promise.all([...this.browsers].map((browser) => this.shutdown(browser)));
  }

  private async takeSlot(): Promise<void> {
    if (this.closing) throw new DomainError('unavailable', 'PDF engine is shutting down');
    if (this.leased < this.maxPages) {
      this.leased += 1;
      return;
    }
    // The slot is handed over by giveSlot, so `leased` already counts this waiter.
    await new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private giveSlot(): void {
    const next = this.waiting.shift();
    if (next) {
      next.resolve();
      return;
    }
    this.leased -= 1;
    if (this.leased === 0) for (const resolve of this.drainWaiters.splice(0)) resolve();
  }

  private async currentBrowser(): Promise<PooledBrowser<S>> {
    if (this.current && !this.current.retiring && !this.current.dead) return this.current;
    this.launching ??= this.launch().finally(() => (this.launching = undefined));
    return this.launching;
  }

  private async launch(): Promise<PooledBrowser<S>> {
    const chromium = await launchChromium(this.options.executablePath, this.launchTimeoutMs, this.options.profileRoot);
    const browser: PooledBrowser<S> = { chromium, jobs: 0, inFlight: 0, idle: [], leased: new Set(), retiring: false, dead: false };
    this.browsers.add(browser);
    chromium.browser.on('disconnected', () => this.onDisconnected(browser));
    this.log({ level: 'info', event: 'browser_launched', message: 'PDF browser launched', details: { pid: chromium.pid } });
    if (this.closing) {
      await this.shutdown(browser);
      throw new DomainError('unavailable', 'PDF engine is shutting down');
    }
    this.current = browser;
    return browser;
  }

  private async openPage(browser: PooledBrowser<S>): Promise<PooledPage<S>> {
    let timer: NodeJS.Timeout | undefined;
    const opening = this.preparePage(browser);
    const stuck = new Promise<never>((_, reject) => {
      const ms = this.pageOpenTimeoutMs;
      timer = setTimeout(() => reject(new DomainError('unavailable', `PDF browser did not open a page within ${ms} ms`)), ms);
    });
    try {
      return await Promise.race([opening, stuck]);
    } catch (error) {
      this.retire(browser, 'a page did not open');
      // A page that opens after all belongs to nobody.
      opening.then((late) => late.page.close().catch(() => undefined), () => undefined);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private async preparePage(browser: PooledBrowser<S>): Promise<PooledPage<S>> {
    const page = await browser.chromium.browser.newPage();
    try {
      const pooled: PooledPage<S> = { page, state: await this.options.setUpPage(page) };
      const lost = (reason: string) => {
        // A page that is gone must not be handed to the next document.
        browser.idle = browser.idle.filter((candidate) => candidate !== pooled);
        pooled.onLost?.(new DomainError('unavailable', reason));
      };
      page.on('error', (error) => {
        this.log({ level: 'error', event: 'page_crashed', message: 'PDF page crashed', details: { error: error.message } });
        lost('PDF page crashed while rendering');
      });
      // Chromium can also drop the target of a dead renderer instead of reporting a crash.
      page.once('close', () => lost('PDF page closed while rendering'));
      return pooled;
    } catch (error) {
      await page.close().catch(() => undefined);
      throw error;
    }
  }

  private lease(browser: PooledBrowser<S>, pooled: PooledPage<S>): PageLease<S> {
    let rejectLost!: (error: Error) => void;
    const lost = new Promise<never>((_, reject) => (rejectLost = reject));
    // Nobody has to listen: a lease that finished normally never looks at it again.
    lost.catch(() => undefined);
    pooled.onLost = rejectLost;
    browser.leased.add(pooled);
    if (browser.dead) rejectLost(new DomainError('unavailable', 'PDF browser crashed while rendering'));
    let released = false;
    return {
      page: pooled.page,
      state: pooled.state,
      lost,
      release: async (reusable) => {
        if (released) return;
        released = true;
        pooled.onLost = undefined;
        browser.leased.delete(pooled);
        browser.inFlight -= 1;
        try {
          if (this.closing) {
            // The whole browser goes next; closing its pages one by one only delays that.
          } else if (reusable && !browser.retiring && !browser.dead && !pooled.page.isClosed()) {
            browser.idle.push(pooled);
          } else {
            await this.closePage(browser, pooled);
          }
        } finally {
          this.giveSlot();
          this.shutdownIfIdle(browser);
        }
      },
    };
  }

  private async closePage(browser: PooledBrowser<S>, pooled: PooledPage<S>): Promise<void> {
    if (browser.dead || pooled.page.isClosed()) return;
    let timer: NodeJS.Timeout | undefined;
    const closed = await Promise.race([
      pooled.page.close({ runBeforeUnload: false }).then(() => true, () => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), PAGE_CLOSE_TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
    if (!closed && !browser.dead) {
      this.log({ level: 'warn', event: 'page_close_failed', message: 'A PDF page did not close; replacing its browser' });
      this.retire(browser, 'page did not close');
    }
  }

  /** No new documents go to this browser; it closes once its documents in flight are done. */
  private retire(browser: PooledBrowser<S>, reason: string): void {
    if (browser.retiring) return;
    browser.retiring = true;
    if (this.current === browser) this.current = undefined;
    this.log({
      level: 'info',
      event: 'browser_retired',
      message: `PDF browser retired: ${reason}`,
      details: { pid: browser.chromium.pid, jobs: browser.jobs },
    });
  }

  private onDisconnected(browser: PooledBrowser<S>): void {
    if (browser.shutdown) return;
    browser.dead = true;
    if (this.current === browser) this.current = undefined;
    this.log({
      level: 'error',
      event: 'browser_crashed',
      message: 'PDF browser disconnected unexpectedly; the next document relaunches it',
      details: { pid: browser.chromium.pid, inFlight: browser.inFlight },
    });
    browser.idle = [];
    for (const pooled of browser.leased) {
      pooled.onLost?.(new DomainError('unavailable', 'PDF browser crashed while rendering'));
    }
    // Renderers and helpers of the dead browser must not linger until the next render.
    void this.shutdown(browser);
  }

  private shutdownIfIdle(browser: PooledBrowser<S>): void {
    if ((browser.retiring || browser.dead) && browser.inFlight === 0) void this.shutdown(browser);
  }

  private shutdown(browser: PooledBrowser<S>): Promise<void> {
    browser.shutdown ??= (async () => {
      if (this.current === browser) this.current = undefined;
      browser.idle = [];
      await browser.chromium.dispose();
      this.browsers.delete(browser);
    })();
    return browser.shutdown;
  }
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}

function asUnavailable(error: unknown, message: string): DomainError {
  if (error instanceof DomainError) return error;
  const cause = error instanceof Error ? error.message : String(error);
  return new DomainError('unavailable', `${message}: ${cause}`);
}
