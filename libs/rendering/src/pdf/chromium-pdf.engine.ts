import { BrowserPool, type PageLease, type PdfPoolUsage } from './browser-pool';
import { finishPdf } from './pdf-metadata';
import { PdfEngine, type PdfRenderOptions, type PdfResult } from './pdf-engine';
import { isTimeout, RenderTimeout, toPdfDomainError } from './pdf-errors';
import { silentPdfLogger, type PdfLogger } from './pdf-log';
import { DEFAULT_RENDER_TIMEOUT_MS, resolveRenderOptions } from './pdf-render-options';
import { loadGroup, printGroup, printPage } from './page-printer';
import { Coalescer, type Pending } from './print-coalescer';
import type { PDFDocument } from 'pdf-lib';
import type { Page } from 'puppeteer';
import { groupHtml, groupKey, partFootersCss, type GroupMember } from './print-group';
import { loadGroupPrint, partPagesOf, splitTaggedPrint } from './pdf-split';
import type { ResolvedPdfRenderOptions } from './pdf-render-options';
import { DEFAULT_SCREENSHOT_MAX_HEIGHT, DEFAULT_SCREENSHOT_WIDTH, PageScreenshotter, type ScreenshotOptions } from './page-screenshotter';
import { RequestGuard } from './request-guard';

export interface ChromiumPdfEngineOptions {
  /** From `resolveChromiumExecutable`. */
  executablePath: string;
  /** Pages printing at the same time; each costs a renderer process and a CPU share. */
  maxConcurrentPages?: number;
  /** Documents printed by one browser before it is replaced. */
  maxJobsPerBrowser?: number;
  /** Render budget when a document does not set its own; it starts once the document holds a page. */
  defaultTimeoutMs?: number;
  launchTimeoutMs?: number;
  /** How long opening a page may take before its browser counts as hung and is replaced. */
  pageOpenTimeoutMs?: number;
  /** Where browser profiles go; the platform's data directory, so a start can end what a crashed run left. */
  profileRoot?: string;
  log?: PdfLogger;
  /**
   * How long a document waits for others of the same template, language and print
   * options to share one print (see print-group.ts). Default 10 ms.
   */
  groupWindowMs?: number;
  /**
   * Most documents in one print; 1 prints every document alone. Default 8: against one
   * warm page, groups of up to 8 printed 3.1× as many PDFs a second on two cores (2.5×
   * with 4) with 16 documents of one language in flight on 4 pages, at less than half the
   * CPU per PDF.
   * Larger groups gain little more and hold their documents back longer.
   */
  maxGroupSize?: number;
}

export const DEFAULT_GROUP_WINDOW_MS = 10;
export const DEFAULT_MAX_GROUP_SIZE = 8;

/**
 * PDF engine over a shared headless Chromium. The browser starts with the first
 * document, not with the application, so a process that never prints never pays for it.
 * It also captures emails as PNG for reviewers, on the same pool and behind the
 * same request guard, rather than running a second browser.
 */
export class ChromiumPdfEngine extends PdfEngine implements PageScreenshotter {
  private readonly pool: BrowserPool<RequestGuard>;
  private readonly defaultTimeoutMs: number;
  private readonly log: PdfLogger;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly groups: Coalescer<GroupMember, PdfResult> | undefined;

  constructor(options: ChromiumPdfEngineOptions) {
    super();
    this.log = options.log ?? silentPdfLogger;
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? DEFAULT_RENDER_TIMEOUT_MS;
    this.pool = new BrowserPool({
      executablePath: options.executablePath,
      maxConcurrentPages: options.maxConcurrentPages,
      maxJobsPerBrowser: options.maxJobsPerBrowser,
      launchTimeoutMs: options.launchTimeoutMs,
      pageOpenTimeoutMs: options.pageOpenTimeoutMs,
      profileRoot: options.profileRoot,
      log: this.log,
      setUpPage: (page) => RequestGuard.install(page, this.log),
    });
    const maxGroupSize = options.maxGroupSize ?? DEFAULT_MAX_GROUP_SIZE;
    if (maxGroupSize > 1) {
      this.groups = new Coalescer({
        windowMs: options.groupWindowMs ?? DEFAULT_GROUP_WINDOW_MS,
        maxSize: maxGroupSize,
        flush: (seal) => void this.printGroup(seal),
      });
    }
  }

  render(html: string, options: PdfRenderOptions): Promise<PdfResult> {
    const rendering = this.renderOnce(html, options);
    // close() waits for these, post-processing included, not just for their pages.
    const settled = rendering.catch(() => undefined);
    this.inFlight.add(settled);
    void settled.then(() => this.inFlight.delete(settled));
    return rendering;
  }

  private async renderOnce(html: string, options: PdfRenderOptions): Promise<PdfResult> {
    const resolved = resolveRenderOptions(html, options, this.defaultTimeoutMs);
    const key = this.groups ? groupKey(html, resolved) : undefined;
    if (this.groups && key !== undefined) return this.groups.add(key, { html, options: resolved });
    return this.renderAlone(html, resolved);
  }

  /**
   * Waits for a page, then prints whoever has joined the group by then: a group of one
   * alone, a larger group once, split. If anything in a group print fails (one bad
   * document, a timeout, a split that does not add up), every member is printed alone,
   * so each caller gets its own result or its own error.
   */
  private async printGroup(seal: () => Array<Pending<GroupMember, PdfResult>>): Promise<void> {
    let lease: PageLease<RequestGuard>;
    try {
      lease = await this.pool.acquire();
    } catch (error) {
      for (const pending of seal()) pending.reject(toPdfDomainError(error, pending.item.options.timeoutMs));
      return;
    }
    const group = seal();
    if (group.length === 1) {
      const [only] = group;
      return this.renderAlone(only.item.html, only.item.options, lease).then(only.resolve, only.reject);
    }
    try {
      const results = await this.renderGroup(group.map((pending) => pending.item), lease);
      group.forEach((pending, index) => pending.resolve(results[index]));
      return;
    } catch (error) {
      this.log({
        level: 'warn',
        event: 'group_print_failed',
        message: 'A group print failed; printing its documents one by one',
        details: { documents: group.length, error: error instanceof Error ? error.message : String(error) },
      });
    }
    await Promise.all(
      group.map((pending) => this.renderAlone(pending.item.html, pending.item.options).then(pending.resolve, pending.reject)),
    );
  }

  /** Prints on `lease`, which it always gives back. */
  private async renderGroup(members: GroupMember[], lease: PageLease<RequestGuard>): Promise<PdfResult[]> {
    const options = members[0].options;
    // The group holds one page for all its documents; its budget is the most generous of theirs.
    const timeoutMs = Math.max(...members.map((member) => member.options.timeoutMs));
    const { printed, blockedRequests, started } = await this.printOnLease(lease, timeoutMs, async (page, deadline): Promise<{ source: PDFDocument; pages: PartPages }> => {
      const guessed = await loadGroup(page, groupHtml(members), options, deadline);
      let pages = guessed.map((count, index) => ({ first: guessed.slice(0, index).reduce((sum, n) => sum + n, 0), count }));
      for (let attempt = 1; ; attempt += 1) {
        const source = await loadGroupPrint(await printGroup(page, options, partFootersCss(members, pages), deadline));
        const actual = partPagesOf(source, members.length);
        if (samePages(actual, pages)) return { source, pages };
        // Only the footers changed between the prints, so the second one breaks its pages alike.
        if (attempt === 2) throw new Error('the group print did not break its pages the same way twice');
        this.log({
          level: 'info',
          event: 'group_reprinted',
          message: 'A group print broke its pages other than guessed; printing it again with the real page counts',
          details: { documents: members.length, guessed: pages.map((part) => part.count), printed: actual.map((part) => part.count) },
        });
        pages = actual;
      }
    });
    const parts = await splitTaggedPrint(
      printed.source,
      members.map((member, index) => ({ ...printed.pages[index], metadata: member.options })),
    );
    const renderMs = Math.round(performance.now() - started);
    // The guard counts per page, not per document: each member hears of every refusal in its group.
    return parts.map(({ bytes, pages: count }) => ({ bytes, pages: count, blockedRequests, renderMs }));
  }

  /**
   * One print on a page of the pool within its time budget: the page goes back
   * for reuse after a print, and is closed after a failure or a timeout.
   */
  private async printOnLease<T>(
    lease: PageLease<RequestGuard>,
    timeoutMs: number,
    print: (page: Page, deadline: number) => Promise<T>,
  ): Promise<{ printed: T; blockedRequests: PdfResult['blockedRequests']; started: number }> {
    // The budget starts here, once the page is held: waiting for a page is the pool's
    // backpressure, not this document's work; on a busy machine a document queued behind
    // others would otherwise time out without being tried.
    const started = performance.now();
    const budget = renderBudget(timeoutMs);
    let printed: T;
    try {
      lease.state.beginDocument();
      const printing = print(lease.page, started + timeoutMs);
      // Once the race is lost the page gets closed under it; that rejection is expected.
      printing.catch(() => undefined);
      printed = await Promise.race([printing, lease.lost, budget.exceeded]);
    } catch (error) {
      void lease.release(false);
      throw error;
    } finally {
      budget.clear();
    }
    const blockedRequests = lease.state.blockedRequests();
    await lease.release(true);
    return { printed, blockedRequests, started };
  }

  /** On `lease` when given (and always gives it back), else on the next free page. */
  private async renderAlone(html: string, resolved: ResolvedPdfRenderOptions, lease?: PageLease<RequestGuard>): Promise<PdfResult> {
    try {
      const page = lease ?? (await this.pool.acquire());
      const { printed, blockedRequests, started } = await this.printOnLease(page, resolved.timeoutMs, (on, deadline) => printPage(on, html, resolved, deadline));
      const { bytes, pages } = await finishPdf(printed, resolved);
      return { bytes, pages, blockedRequests, renderMs: Math.round(performance.now() - started) };
    } catch (error) {
      if (isTimeout(error)) {
        this.log({
          level: 'warn',
          event: 'render_timeout',
          message: `PDF render exceeded its ${resolved.timeoutMs} ms budget`,
          details: { timeoutMs: resolved.timeoutMs },
        });
      }
      throw toPdfDomainError(error, resolved.timeoutMs);
    }
  }

  screenshot(html: string, options: ScreenshotOptions = {}): Promise<Buffer> {
    const capturing = this.captureOnce(html, options);
    const settled = capturing.catch(() => undefined);
    this.inFlight.add(settled);
    void settled.then(() => this.inFlight.delete(settled));
    return capturing;
  }

  private async captureOnce(html: string, options: ScreenshotOptions): Promise<Buffer> {
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    const width = options.width ?? DEFAULT_SCREENSHOT_WIDTH;
    const maxHeight = options.maxHeight ?? DEFAULT_SCREENSHOT_MAX_HEIGHT;
    try {
      // As for PDFs, the budget starts once the capture holds a page.
      const lease = await this.pool.acquire();
      const budget = renderBudget(timeoutMs);
      // The viewport is changed for the capture, so the page never goes back to printing PDFs.
      try {
        lease.state.beginDocument();
        const capturing = (async () => {
          await lease.page.setViewport({ width, height: 800, deviceScaleFactor: 1 });
          await lease.page.setContent(html, { waitUntil: 'load', timeout: timeoutMs });
          const height = await lease.page.evaluate(() => Math.ceil(document.documentElement.scrollHeight));
          return lease.page.screenshot({ type: 'png', clip: { x: 0, y: 0, width, height: Math.max(1, Math.min(height, maxHeight)) }, captureBeyondViewport: true });
        })();
        capturing.catch(() => undefined);
        return Buffer.from(await Promise.race([capturing, lease.lost, budget.exceeded]));
      } finally {
        budget.clear();
        void lease.release(false);
      }
    } catch (error) {
      throw toPdfDomainError(error, timeoutMs);
    }
  }

  /** How busy the page pool is. */
  usage(): PdfPoolUsage {
    return this.pool.usage();
  }

  async close(): Promise<void> {
    this.groups?.flushAll();
    // The pool refuses new documents at once and fails those still queued for a page.
    const closingPool = this.pool.close();
    await Promise.all(this.inFlight);
    await closingPool;
  }
}

type PartPages = Array<{ first: number; count: number }>;

function samePages(a: PartPages, b: PartPages): boolean {
  return a.length === b.length && a.every((part, index) => part.first === b[index].first && part.count === b[index].count);
}

/** Rejects with `RenderTimeout` once `timeoutMs` have passed, unless cleared first. */
function renderBudget(timeoutMs: number): { exceeded: Promise<never>; clear: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const exceeded = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RenderTimeout(timeoutMs)), timeoutMs);
  });
  // Nobody listens once the document finished in time.
  exceeded.catch(() => undefined);
  return { exceeded, clear: () => clearTimeout(timer) };
}
