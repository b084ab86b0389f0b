/** How a page is captured: its layout width, and the tallest image worth returning. */
export interface ScreenshotOptions {
  /** CSS pixels; an email is laid out as a mail client shows it (600px content plus margins). */
  readonly width?: number;
  /** Taller pages are cut here: enough for a reviewer to compare, bounded in bytes. */
  readonly maxHeight?: number;
  readonly timeoutMs?: number;
}

export const DEFAULT_SCREENSHOT_WIDTH = 680;
export const DEFAULT_SCREENSHOT_MAX_HEIGHT = 6_000;

/**
 * Captures a finished HTML document (an email) as a PNG, for reviewers to see
 * two versions side by side. The HTML is author-controlled: like the PDF engine,
 * an implementation runs it without JavaScript and without network or files.
 */
export abstract class PageScreenshotter {
  abstract screenshot(html: string, options?: ScreenshotOptions): Promise<Buffer>;
}
