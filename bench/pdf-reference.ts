import { resolveChromiumExecutable } from '@app/rendering';
import { builtInInvoice, mergeContext } from './fixture';
import { generateInvoices } from './invoice-data';
import { PdfBench, PLATFORM_PDF_POOL } from './pdf.bench';
import { round } from './timing';

/** `npm run bench`'s PDF figures beside a billing run's, for the reader to see what the run adds to printing. */
export interface PdfReference {
  /** The platform's pool at its defaults (pages, documents in flight), PDFs/s. */
  readonly poolPerSecond: number;
  /** One warm page reused, `page.pdf` in sequence, PDFs/s. */
  readonly singlePagePerSecond: number;
  readonly pages: number;
  readonly inFlight: number;
}

/**
 * The PDF rate of `npm run bench`, measured in the billing run's invocation once its runs
 * are over (so on the same machine, at the same moment, with nothing else printing): the
 * same 50 invoices, the pool at the platform's defaults and one warm reused page, in
 * interleaved rounds.
 */
export async function measurePdfReference(): Promise<PdfReference> {
  const version = await builtInInvoice();
  const executablePath = await resolveChromiumExecutable(process.env.CHROMIUM_PATH || process.env.PUPPETEER_EXECUTABLE_PATH || undefined);
  const contexts = await Promise.all(generateInvoices(50, 10).map((document) => mergeContext(version, document)));
  const bench = new PdfBench(version, executablePath);
  try {
    const compared = await bench.compare(contexts, {
      rounds: 3,
      poolConcurrency: [PLATFORM_PDF_POOL.pages],
      headlineConcurrency: PLATFORM_PDF_POOL.pages,
      headlinePoolDocuments: 64,
      sweepPoolDocuments: 64,
      inFlightPerPage: PLATFORM_PDF_POOL.inFlight / PLATFORM_PDF_POOL.pages,
      batches: [],
      naive: false,
    });
    return {
      poolPerSecond: round(compared.pools[0].measurement.perSecond),
      singlePagePerSecond: round(compared.singlePage.perSecond),
      pages: PLATFORM_PDF_POOL.pages,
      inFlight: PLATFORM_PDF_POOL.inFlight,
    };
  } finally {
    await bench.close();
  }
}
