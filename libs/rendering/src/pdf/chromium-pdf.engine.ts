import { BrowserPool } from './browser-pool';
import { finishPdf } from './pdf-metadata';
import { PdfEngine, type PdfRenderOptions, type PdfResult } from './pdf-engine';
import { isTimeout, RenderTimeout, toPdfDomainError } from './pdf-errors';
import { silentPdfLogger, type PdfLogger } from './pdf-log';
import { DEFAULT_RENDER_TIMEOUT_MS, resolveRenderOptions } from './pdf-render-options';
import { printPage } from './page-printer';
import { RequestGuard } from './request-guard';

export interface ChromiumPdfEngineOptions {
  /** From `resolveChromiumExecutable`. */
  executablePath: string;
  /** Pages printing at the same time; each costs a renderer process and a CPU share. */
  maxConcurrentPages?: number;
  /** Documents printed by one browser before it is replaced. */
  maxJobsPerBrowser?: number;
  /** Render budget when a document does not set its own. */
  defaultTimeoutMs?: number;
  launchTimeoutMs?: number;
  log?: PdfLogger;
}

/**
 * PDF engine over a shared headless Chromium. The browser starts with the first
 * document, not with the application, so a process that never prints never pays for it.
 */
export class ChromiumPdfEngine extends PdfEngine {
  private readonly pool: BrowserPool<RequestGuard>;
  private readonly defaultTimeoutMs: number;
  private readonly log: PdfLogger;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(options: ChromiumPdfEngineOptions) {
    super();
    this.log = options.log ?? silentPdfLogger;
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? DEFAULT_RENDER_TIMEOUT_MS;
    this.pool = new BrowserPool({
      executablePath: options.executablePath,
      maxConcurrentPages: options.maxConcurrentPages,
      maxJobsPerBrowser: options.maxJobsPerBrowser,
      launchTimeoutMs: options.launchTimeoutMs,
      log: this.log,
      setUpPage: (page) => RequestGuard.install(page, this.log),
    });
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
    const started = performance.now();
    const resolved = resolveRenderOptions(html, options, this.defaultTimeoutMs);
    const deadline = started + resolved.timeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RenderTimeout(resolved.timeoutMs)), resolved.timeoutMs);
    });
    timedOut.catch(() => undefined);
    try {
      const acquiring = this.pool.acquire();
      const lease = await Promise.race([acquiring, timedOut]).catch((error: unknown) => {
        // A page granted after the deadline was never touched and can serve the next document.
        acquiring.then((late) => late.release(true), () => undefined);
        throw error;
      });
      let printed: Uint8Array;
      try {
        lease.state.beginDocument();
        const printing = printPage(lease.page, html, resolved, deadline);
        // Once the race is lost the page gets closed under it; that rejection is expected.
        printing.catch(() => undefined);
        printed = await Promise.race([printing, lease.lost, timedOut]);
      } catch (error) {
        void lease.release(false);
        throw error;
      }
      const blockedRequests = lease.state.blockedRequests();
      await lease.release(true);
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
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    // The pool refuses new documents at once and fails those still queued for a page.
    const closingPool = this.pool.close();
    await Promise.all(this.inFlight);
    await closingPool;
  }
}
