import { Logger, Provider } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { DomainError } from '@app/kernel';
import { ChromiumPdfEngine, PdfEngine, PdfRenderOptions, PdfResult, resolveChromiumExecutable } from '@app/rendering';

/**
 * Chromium is found when the first PDF is printed, not at start-up: a process
 * that never prints (or a machine without a browser serving email only) starts
 * anyway, and the PDF rendition says what is missing.
 */
class LazyChromiumPdfEngine extends PdfEngine {
  private readonly logger = new Logger('Pdf');
  private engine?: Promise<PdfEngine>;

  constructor(private readonly config: AppConfig) {
    super();
  }

  async render(html: string, options: PdfRenderOptions): Promise<PdfResult> {
    this.engine ??= resolveChromiumExecutable(this.config.chromiumPath).then(
      (executablePath) =>
        new ChromiumPdfEngine({
          executablePath,
          maxConcurrentPages: this.config.worker.renderConcurrency,
          log: (entry) => this.logger[entry.level === 'info' ? 'log' : entry.level]({ msg: entry.message, event: entry.event, ...entry.details }),
        }),
    );
    this.engine.catch(() => (this.engine = undefined));
    const engine = await this.engine.catch((error: unknown) => {
      throw error instanceof DomainError ? error : new DomainError('unavailable', `No Chromium to print PDFs: ${String(error)}`);
    });
    return engine.render(html, options);
  }

  async close(): Promise<void> {
    const engine = await this.engine?.catch(() => undefined);
    await engine?.close();
  }
}

export const pdfEngineProvider: Provider = {
  provide: PdfEngine,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => new LazyChromiumPdfEngine(config),
};
