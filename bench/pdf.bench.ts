import { readdirSync, readFileSync } from 'node:fs';
import { PDFDocument } from 'pdf-lib';
import { launch, type Browser, type Page } from 'puppeteer';
import { ChromiumPdfEngine, PdfEngine, type PdfRenderOptions, type PdfResult } from '@app/rendering';
import { renderNaive } from './render-naive';
import { type PinnedVersion } from '@app/contracts';
import { MergeEngine, type MergeContext } from '@app/templating';
import { CompiledTemplates } from '../libs/composer/src/compiled-templates';
import { PdfComposer } from '../libs/composer/src/pdf.composer';
import { CHROMIUM_ARGS, NETWORK_DENIAL_ARGS } from '../libs/rendering/src/pdf/chromium-launch';
import { footerCss } from '../libs/rendering/src/pdf/header-footer.template';
import { printOptions as platformPrintOptions } from '../libs/rendering/src/pdf/page-printer';
import { DEFAULT_PAPER_FORMAT } from '../libs/rendering/src/pdf/pdf-engine';
import { benchAssets } from './fixture';
import { interleave, measureConcurrent, measureSequential, roundBudget, type Budget, type Measurement, type Rounds } from './timing';

/** The flags the platform launches Chromium with, minus its network denial (a bare page needs none: the HTML has no resources). */
export const BARE_CHROMIUM_ARGS = CHROMIUM_ARGS.filter((arg) => !NETWORK_DENIAL_ARGS.includes(arg));

/**
 * The platform's defaults for one worker process: `CCM_PDF_PAGES` pages, `CCM_PDF_CONCURRENCY`
 * PDF jobs in flight. The documents waiting for a page are what the engine groups into one print.
 */
export const PLATFORM_PDF_POOL = { pages: 4, inFlight: 32 } as const;

/** A launch per document takes about a second: a handful is enough to know its rate. */
const NAIVE_BUDGET: Budget = { warmup: 1, minMs: 2_500, minOps: 2, maxMs: 6_000, maxOps: 4 };
/** Per round; see `compare`. */
const SINGLE_PAGE_BUDGET: Budget = { warmup: 4, minMs: 3_000, minOps: 20, maxMs: 6_000, maxOps: 200 };

/**
 * The bare baseline: one browser, one page, `setContent` then `page.pdf` with the same
 * print options the platform uses (A4, backgrounds, tagged, header and footer), one
 * document after another. No request guard, no JavaScript switch, no metadata pass.
 */
class SinglePageEngine extends PdfEngine {
  private constructor(
    private readonly browser: Browser,
    private readonly page: Page,
  ) {
    super();
  }

  static async launch(executablePath: string): Promise<SinglePageEngine> {
    // Over a pipe, as the platform does: the browser exits with the bench, however that ends.
    const browser = await launch({ executablePath, headless: true, pipe: true, args: BARE_CHROMIUM_ARGS });
    return new SinglePageEngine(browser, await browser.newPage());
  }

  version(): Promise<string> {
    return this.browser.version();
  }

  async render(html: string, options: PdfRenderOptions): Promise<PdfResult> {
    const started = performance.now();
    await this.page.setContent(withFooter(html, options), { waitUntil: 'load' });
    const bytes = await this.page.pdf(printOptions(options));
    return { bytes: Buffer.from(bytes), pages: 0, blockedRequests: [], renderMs: performance.now() - started };
  }

  /** Many documents in one print: their bodies one after another, each starting on a new page. */
  printMany(htmls: string[], options: PdfRenderOptions, page: Page = this.page): Promise<Uint8Array> {
    return page.setContent(withFooter(concatenate(htmls), options), { waitUntil: 'load' }).then(() => page.pdf(printOptions(options)));
  }

  newPage(): Promise<Page> {
    return this.browser.newPage();
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

/** The platform's print options, with the defaults its render options would fill in. */
function printOptions(options: PdfRenderOptions) {
  return platformPrintOptions({ ...options, format: options.format ?? DEFAULT_PAPER_FORMAT, landscape: options.landscape ?? false });
}

/** The platform's "Page X of Y" footer is CSS in the document; the bare page prints it too. */
function withFooter(html: string, options: PdfRenderOptions): string {
  return html.replace(/<\/head>/i, `<style>${footerCss(options.footer, options)}</style></head>`);
}

const BODY = /<body[^>]*>([\s\S]*)<\/body>/i;

/** The first document's head (the template's styles are the same for all) and every body, each from a new page. */
function concatenate(htmls: string[]): string {
  const first = htmls[0];
  const bodyAt = first.search(/<body/i);
  const bodies = htmls.map((html, index) => {
    const body = BODY.exec(html)?.[1];
    if (body === undefined) throw new Error('a merged document has no <body>');
    return `<div style="${index === 0 ? '' : 'break-before: page;'}">${body}</div>`;
  });
  return `${first.slice(0, bodyAt)}<body>${bodies.join('')}</body></html>`;
}

/** One PDF per document, cut from the batch's pages; the structure tree does not survive `copyPages`. */
async function split(batch: Uint8Array, pageCounts: number[]): Promise<Uint8Array[]> {
  const source = await PDFDocument.load(batch, { updateMetadata: false });
  const total = pageCounts.reduce((sum, pages) => sum + pages, 0);
  if (source.getPageCount() !== total) {
    throw new Error(`the batch printed ${source.getPageCount()} pages, not the ${total} its documents take alone`);
  }
  const parts: Uint8Array[] = [];
  let first = 0;
  for (const pages of pageCounts) {
    const part = await PDFDocument.create();
    const copied = await part.copyPages(source, Array.from({ length: pages }, (_, i) => first + i));
    for (const page of copied) part.addPage(page);
    parts.push(await part.save());
    first += pages;
  }
  return parts;
}

async function pageCount(bytes: Uint8Array): Promise<number> {
  return (await PDFDocument.load(bytes, { updateMetadata: false })).getPageCount();
}

/** A composer over an engine: every path merges the same template the same way and differs only in printing. */
function composerOver(engine: PdfEngine): PdfComposer {
  return new PdfComposer(new CompiledTemplates(new MergeEngine()), engine, benchAssets().inliner);
}

class NaiveEngine extends PdfEngine {
  constructor(private readonly executablePath: string) {
    super();
  }

  render(html: string, options: PdfRenderOptions): Promise<PdfResult> {
    return renderNaive(html, options, this.executablePath);
  }

  async close(): Promise<void> {}
}

export interface PdfCheck {
  readonly pages: { pool: number; naive: number; singlePage: number };
  readonly bytes: { pool: number; naive: number; singlePage: number };
}

export interface PoolRun {
  readonly concurrency: number;
  readonly inFlight: number;
  readonly measurement: Rounds;
  /** CPU time of Node and Chromium per document, whatever else the machine ran. */
  readonly cpuMsPerDocument?: number;
}

export interface PdfPlan {
  readonly rounds: number;
  /** Pool sizes measured; the headline one gets more documents per round. */
  readonly poolConcurrency: number[];
  readonly headlineConcurrency: number;
  readonly headlinePoolDocuments: number;
  readonly sweepPoolDocuments: number;
  /** Documents submitted per page: more than one, so a page never waits for the next document. */
  readonly inFlightPerPage: number;
  /** Batched printing, measured for comparison only. */
  readonly batches: BatchPlan[];
  /** Launch per document as well (about a second a document); on unless false. */
  readonly naive?: boolean;
  /**
   * The pools print concurrent documents of one template together (the engine's default).
   * This pool size is measured again with grouping off, beside them, to show what it adds.
   */
  readonly ungroupedConcurrency?: number;
}

export interface PdfComparison {
  readonly naive?: Rounds;
  readonly singlePageCpuMsPerDocument?: number;
  readonly ungrouped?: PoolRun;
  readonly singlePage: Rounds;
  readonly pools: PoolRun[];
  readonly batches: BatchRun[];
}

function counter(): () => number {
  let value = 0;
  return () => value++;
}

export interface BatchRun {
  readonly batchSize: number;
  readonly pages: number;
  readonly measurement: Rounds;
}

export interface BatchPlan {
  /** Invoices per `page.pdf`. */
  readonly size: number;
  /** Pages printing batches at the same time. */
  readonly lanes: number;
  readonly batchesPerRound: number;
}

/** PDF: the platform's pooled engine against launch-per-document and against a bare reused page. */
export class PdfBench {
  private readonly merge = new CompiledTemplates(new MergeEngine());
  private single?: SinglePageEngine;

  constructor(
    private readonly version: PinnedVersion,
    private readonly executablePath: string,
  ) {}

  async chromiumVersion(): Promise<string> {
    return (await this.singlePage()).version();
  }

  /** The same document through every path: each must print it on as many pages. */
  async check(context: MergeContext): Promise<PdfCheck> {
    const pool = new ChromiumPdfEngine({ executablePath: this.executablePath, maxConcurrentPages: 1 });
    try {
      const pooled = await composerOver(pool).compose(this.version, context);
      const naive = await composerOver(new NaiveEngine(this.executablePath)).compose(this.version, context);
      const single = await composerOver(await this.singlePage()).compose(this.version, context);
      const pages = { pool: Number(pooled.metadata.pages), naive: Number(naive.metadata.pages), singlePage: await pageCount(single.body) };
      if (pages.pool !== pages.naive || pages.pool !== pages.singlePage) throw new Error(`PDF paths disagree on page count: ${JSON.stringify(pages)}`);
      return { pages, bytes: { pool: pooled.body.length, naive: naive.body.length, singlePage: single.body.length } };
    } finally {
      await pool.close();
    }
  }

  /**
   * Launch per document, the bare reused page and the pool at each concurrency, in
   * interleaved rounds. Every engine stays up for the whole comparison, warmed up in the
   * first round (browser launched, pages opened) as in a long-running worker.
   */
  async compare(contexts: MergeContext[], plan: PdfPlan): Promise<PdfComparison> {
    const pageCounts = plan.batches.length ? await this.pageCounts(contexts) : [];
    const next = counter();
    const naive = composerOver(new NaiveEngine(this.executablePath));
    const single = composerOver(await this.singlePage());
    // The platform's engine with its defaults, grouping concurrent documents into one print included.
    const pools = plan.poolConcurrency.map((concurrency) => ({
      name: `pool${concurrency}`,
      concurrency,
      engine: new ChromiumPdfEngine({ executablePath: this.executablePath, maxConcurrentPages: concurrency }),
    }));
    const ungrouped = plan.ungroupedConcurrency;
    if (ungrouped !== undefined) {
      const engine = new ChromiumPdfEngine({ executablePath: this.executablePath, maxConcurrentPages: ungrouped, maxGroupSize: 1 });
      pools.push({ name: 'ungrouped', concurrency: ungrouped, engine });
    }
    const render = (composer: PdfComposer) => () => composer.compose(this.version, contexts[next() % contexts.length]);
    try {
      const paths: Record<string, (round: number) => Promise<Measurement>> = {
        ...(plan.naive === false ? {} : { naive: (r: number) => measureSequential(roundBudget(NAIVE_BUDGET, r), render(naive)) }),
        singlePage: (r) => measureSequential(roundBudget(SINGLE_PAGE_BUDGET, r), render(single)),
      };
      for (const { name, concurrency, engine } of pools) {
        const composer = composerOver(engine);
        const count = concurrency === plan.headlineConcurrency ? plan.headlinePoolDocuments : plan.sweepPoolDocuments;
        paths[name] = async (r) => {
          if (r === 0) await measureConcurrent(concurrency * 2, concurrency * 2, render(composer));
          return measureConcurrent(count, concurrency * plan.inFlightPerPage, render(composer));
        };
      }
      plan.batches.forEach((batch, index) => (paths[`batch${index}`] = this.batchPath(contexts, pageCounts, batch)));
      // CPU of this process and every Chromium process it started, per document: on a shared
      // machine throughput follows whatever else runs, the CPU a document costs does not.
      const cpuMs: Record<string, { ms: number; operations: number }> = {};
      for (const [name, path] of Object.entries(paths)) {
        cpuMs[name] = { ms: 0, operations: 0 };
        paths[name] = async (r) => {
          const before = processTreeCpuMs();
          const measurement = await path(r);
          cpuMs[name].ms += processTreeCpuMs() - before;
          cpuMs[name].operations += measurement.operations;
          return measurement;
        };
      }
      const measured = await interleave(plan.rounds, paths);
      const cpuPerDocument = (name: string) => cpuMs[name].ms / Math.max(1, cpuMs[name].operations);
      const run = (name: string, concurrency: number): PoolRun => ({
        concurrency,
        inFlight: concurrency * plan.inFlightPerPage,
        measurement: measured[name],
        cpuMsPerDocument: cpuPerDocument(name),
      });
      return {
        naive: measured.naive,
        singlePage: measured.singlePage,
        singlePageCpuMsPerDocument: cpuPerDocument('singlePage'),
        pools: pools.filter(({ name }) => name !== 'ungrouped').map(({ name, concurrency }) => run(name, concurrency)),
        ...(ungrouped === undefined ? {} : { ungrouped: run('ungrouped', ungrouped) }),
        batches: plan.batches.map((batch, index) => ({ batchSize: batch.size, pages: batch.lanes, measurement: measured[`batch${index}`] })),
      };
    } finally {
      await Promise.all(pools.map(({ engine }) => engine.close()));
    }
  }

  /**
   * Many invoices in one `page.pdf`, split afterwards with pdf-lib, on `batch.lanes` pages
   * at once: one round of it per call. Each document's page count must be known
   * beforehand (here: printed alone once), which is one of the approach's drawbacks.
   */
  private batchPath(contexts: MergeContext[], pageCounts: number[], batch: BatchPlan): (round: number) => Promise<Measurement> {
    let pages: Page[] | undefined;
    let next = 0;
    const options = this.printOptionsFor(contexts[0]);
    const runBatch = async (page: Page) => {
      const indices = Array.from({ length: batch.size }, () => next++ % contexts.length);
      const htmls = indices.map((index) => this.mergedHtml(contexts[index]));
      const printed = await (await this.singlePage()).printMany(htmls, options, page);
      await split(printed, indices.map((index) => pageCounts[index]));
    };
    return async (round) => {
      const single = await this.singlePage();
      pages ??= await Promise.all(Array.from({ length: batch.lanes }, () => single.newPage()));
      const idle = [...pages];
      const onIdlePage = async () => {
        const page = idle.pop()!;
        try {
          await runBatch(page);
        } finally {
          idle.push(page);
        }
      };
      if (round === 0) await measureConcurrent(batch.lanes, batch.lanes, onIdlePage);
      const measured = await measureConcurrent(batch.batchesPerRound, batch.lanes, onIdlePage);
      // Counted per invoice, like every other path.
      return {
        ...measured,
        operations: measured.operations * batch.size,
        perSecond: measured.perSecond * batch.size,
        meanMs: measured.meanMs / batch.size,
        processCpuMsPerOp: measured.processCpuMsPerOp / batch.size,
      };
    };
  }

  /** Each document printed alone once, on the bare page: what a batch split needs to know. */
  async pageCounts(contexts: MergeContext[]): Promise<number[]> {
    const single = await this.singlePage();
    const counts: number[] = [];
    for (const context of contexts) {
      const { bytes } = await single.render(this.mergedHtml(context), this.printOptionsFor(context));
      counts.push(await pageCount(bytes));
    }
    return counts;
  }

  async close(): Promise<void> {
    await this.single?.close();
    this.single = undefined;
  }

  private async singlePage(): Promise<SinglePageEngine> {
    this.single ??= await SinglePageEngine.launch(this.executablePath);
    return this.single;
  }

  private mergedHtml(context: MergeContext): string {
    const env = { catalog: this.merge.catalog(this.version, context.locale.language), channel: 'pdf' as const, assets: benchAssets().uris };
    return this.merge.template(this.version, 'pdf', 'html', '', () => this.version.content.channels.pdf!.html, 'html')(context, env);
  }

  private printOptionsFor(context: MergeContext): PdfRenderOptions {
    return { format: this.version.content.channels.pdf!.format, title: 'batch', lang: context.locale.tag, dir: context.locale.dir };
  }
}

/** Linux clock ticks per second (`getconf CLK_TCK`), 100 on every common kernel build. */
const CLOCK_TICKS_PER_S = 100;

/**
 * CPU time (user + system, including reaped children) of this process and all its
 * descendants, from /proc; 0 where there is no /proc. Chromium's renderers and GPU
 * process are descendants of the browser the bench launched.
 */
function processTreeCpuMs(): number {
  let total = 0;
  const visit = (pid: number) => {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    } catch {
      return;
    }
    // Fields after the command name, which may contain spaces, closed by the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    total += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      return;
    }
    for (const task of tasks) {
      let children = '';
      try {
        children = readFileSync(`/proc/${pid}/task/${task}/children`, 'latin1');
      } catch {
        continue;
      }
      for (const child of children.split(' ').filter(Boolean)) visit(Number(child));
    }
  };
  visit(process.pid);
  return (total * 1000) / CLOCK_TICKS_PER_S;
}
