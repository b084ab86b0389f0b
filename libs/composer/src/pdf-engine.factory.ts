import * as path from 'node:path';
import { Logger, OnModuleInit, Provider } from '@nestjs/common';
import { APP_CONFIG, AppConfig, unknownDriver } from '@app/config';
import { DomainError } from '@app/kernel';
import { scrapedGauge } from '@app/observability';
import {
  ChromiumPdfEngine,
  endAbandonedChromium,
  PageScreenshotter,
  PdfEngine,
  PdfRenderOptions,
  PdfResult,
  type PdfLogger,
  resolveChromiumExecutable,
  type ScreenshotOptions,
} from '@app/rendering';

/**
 * Chromium is found when the first PDF is printed, not at start-up: a process
 * that never prints (or a machine without a browser serving email only) starts
 * anyway, and the PDF rendition says what is missing. Email screenshots for
 * reviewers share the same browser.
 */
class LazyChromiumPdfEngine extends PdfEngine implements PageScreenshotter, OnModuleInit {
  private readonly logger = new Logger('Pdf');
  private engine?: Promise<ChromiumPdfEngine>;
  /** Browser profiles live in the data directory, so the next start finds what a crash left. */
  private readonly profileRoot: string;
  private readonly log: PdfLogger = (entry) =>
    this.logger[entry.level === 'info' ? 'log' : entry.level]({ msg: entry.message, event: entry.event, ...entry.details });

  constructor(private readonly config: AppConfig) {
    super();
    this.profileRoot = path.join(config.dataDir, 'chromium');
  }

  /** At start, not at the first PDF: a crashed run's browsers must not wait for one. */
  async onModuleInit(): Promise<void> {
    await endAbandonedChromium(this.profileRoot, this.log);
    scrapedGauge('ccm_pdf_pages', 'Chromium pool of this process: pages in use, the most it opens, documents waiting for a page', ['state'], async () => {
      // Before the first PDF there is no browser, and nothing to report.
      const engine = await this.engine?.catch(() => undefined);
      if (!engine) return [];
      const usage = engine.usage();
      return [
        { labels: { state: 'in_use' }, value: usage.pagesInUse },
        { labels: { state: 'max' }, value: usage.pagesMax },
        { labels: { state: 'waiting' }, value: usage.waiting },
      ];
    }, 0);
  }

  async render(html: string, options: PdfRenderOptions): Promise<PdfResult> {
    return (await this.chromium()).render(html, options);
  }

  async screenshot(html: string, options?: ScreenshotOptions): Promise<Buffer> {
    return (await this.chromium()).screenshot(html, options);
  }

  private async chromium(): Promise<ChromiumPdfEngine> {
    this.engine ??= resolveChromiumExecutable(this.config.chromiumPath).then(
      (executablePath) =>
        new ChromiumPdfEngine({
          executablePath,
          maxConcurrentPages: this.config.worker.pdfPages,
          profileRoot: this.profileRoot,
          log: this.log,
        }),
    );
    this.engine.catch(() => (this.engine = undefined));
    return this.engine.catch((error: unknown) => {
      throw error instanceof DomainError ? error : new DomainError('unavailable', `No Chromium to print PDFs: ${String(error)}`);
    });
  }

  async close(): Promise<void> {
    const engine = await this.engine?.catch(() => undefined);
    await engine?.close();
  }
}

/** The one place that picks the `PdfEngine` adapter: `CCM_PDF_ENGINE`. */
export function createPdfEngine(config: AppConfig): PdfEngine {
  const driver = config.drivers.pdfEngine;
  switch (driver) {
    case 'chromium':
      return new LazyChromiumPdfEngine(config);
    default:
      return unknownDriver('pdfEngine', driver);
  }
}

export const pdfEngineProvider: Provider = {
  provide: PdfEngine,
  inject: [APP_CONFIG],
  useFactory: createPdfEngine,
};

/** The screenshotter is the PDF engine itself when that engine can capture pages (the Chromium one can). */
export const pageScreenshotterProvider: Provider = {
  provide: PageScreenshotter,
  inject: [PdfEngine],
  useFactory: (engine: PdfEngine): PageScreenshotter => {
    if (typeof (engine as Partial<PageScreenshotter>).screenshot === 'function') return engine as unknown as PageScreenshotter;
    return {
      screenshot: () => Promise.reject(new DomainError('unavailable', 'This PDF engine cannot capture pages as images')),
    };
  },
};
