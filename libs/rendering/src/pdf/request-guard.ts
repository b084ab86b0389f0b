import type { ConsoleMessage, HTTPRequest, Page } from 'puppeteer';
import type { PdfLogger } from './pdf-log';

/** Enough to tell what a template tried to reach without copying a huge URL into every log line. */
export const MAX_RECORDED_URL_LENGTH = 300;
/** A template with thousands of remote images should not produce thousands of entries. */
export const MAX_RECORDED_BLOCKED_REQUESTS = 100;

/**
 * Chromium refuses `file:` resources for an `about:blank` document before any request
 * exists, so interception never sees them; this console message is the only trace.
 */
const LOCAL_RESOURCE_REFUSED = /^Not allowed to load local resource: (\S+)/;

/**
 * Only inline content may load: `data:` URLs the template (or the platform) embedded,
 * and the blank document a page starts from. Everything else is network or filesystem.
 */
export function isAllowedResourceUrl(url: string): boolean {
  return url.startsWith('data:') || url === 'about:blank' || url === 'about:srcdoc';
}

/**
 * Refuses every request of a page that is not inline content and records what was
 * refused for the document being printed. JavaScript is switched off as well, so the
 * document cannot build requests the guard has not seen, nor read anything back.
 */
export class RequestGuard {
  private blocked: string[] = [];

  private constructor(private readonly log: PdfLogger) {}

  static async install(page: Page, log: PdfLogger): Promise<RequestGuard> {
    const guard = new RequestGuard(log);
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on('request', (request) => guard.onRequest(request));
    page.on('console', (message) => guard.onConsole(message));
    return guard;
  }

  /** Starts recording for a new document on this page. */
  beginDocument(): void {
    this.blocked = [];
  }

  blockedRequests(): string[] {
    return [...this.blocked];
  }

  private onRequest(request: HTTPRequest): void {
    if (request.isInterceptResolutionHandled()) return;
    const url = request.url();
    if (isAllowedResourceUrl(url)) {
      // data: URLs are never paused by Chromium, so continuing them is a no-op.
      request.continue().catch(() => undefined);
      return;
    }
    this.record(url);
    // ERR_ABORTED is the one refusal that leaves the document as it is: a refused
    // meta refresh or iframe with any other error commits an error page in its place
    // (an empty invoice, or an error message printed into it), and `blockedbyclient`
    // crashes Chromium 156 outright when the document also holds a data: iframe.
    // The page may already be closing (timeout); a failed abort changes nothing.
    request.abort('aborted').catch(() => undefined);
  }

  private onConsole(message: ConsoleMessage): void {
    const refused = LOCAL_RESOURCE_REFUSED.exec(message.text());
    if (refused) this.record(refused[1]);
  }

  private record(url: string): void {
    const shown = url.length > MAX_RECORDED_URL_LENGTH ? `${url.slice(0, MAX_RECORDED_URL_LENGTH)}…` : url;
    if (this.blocked.includes(shown) || this.blocked.length >= MAX_RECORDED_BLOCKED_REQUESTS) return;
    this.blocked.push(shown);
    this.log({ level: 'warn', event: 'request_blocked', message: `PDF renderer refused to load ${shown}`, details: { url: shown } });
  }
}
