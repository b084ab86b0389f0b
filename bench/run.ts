import * as os from 'node:os';
import * as path from 'node:path';
import { resolveChromiumExecutable } from '@app/rendering';
import { EmailBench, type EmailPairResult } from './email.bench';
import { builtInInvoice, mergeContext } from './fixture';
import { generateInvoices } from './invoice-data';
import { describeMachine } from './machine';
import { PdfBench, PLATFORM_PDF_POOL, type PdfPlan } from './pdf.bench';
import { toMarkdown, type BenchResults } from './report';
import { lastResultsDate, publishResults } from './results-file';
import { benchSms } from './sms.bench';
import type { TextChannelResult } from './text-channel';
import { backgroundCpuBusy, round } from './timing';
import { benchWhatsApp } from './whatsapp.bench';

/** Written next to the sources (not into dist/), so the results are kept with the code that produced them. */
const RESULTS_DIR = path.resolve(__dirname, '../../bench/results');

/** Distinct customers per run: enough that no path merely re-renders one cached document. */
const DOCUMENTS = 50;
const PDF_BATCH_SIZE = 25;
const PDF_PLAN: PdfPlan = {
  rounds: 3,
  // The platform's default (CCM_PDF_PAGES) and around it, to show whether it is the right one.
  poolConcurrency: [1, 2, PLATFORM_PDF_POOL.pages, 8],
  headlineConcurrency: PLATFORM_PDF_POOL.pages,
  headlinePoolDocuments: 60,
  sweepPoolDocuments: 40,
  // A worker's queue: CCM_PDF_CONCURRENCY documents in flight for its CCM_PDF_PAGES pages.
  inFlightPerPage: PLATFORM_PDF_POOL.inFlight / PLATFORM_PDF_POOL.pages,
  batches: [
    { size: PDF_BATCH_SIZE, lanes: 1, batchesPerRound: 2 },
    { size: PDF_BATCH_SIZE, lanes: 2, batchesPerRound: 4 },
  ],
};

/**
 * `--pdf`: only the platform's pool (grouping concurrent documents into one print, its
 * default) against one warm reused page, and the same pool with grouping off, in one
 * interleaved run. Quick enough to repeat on a shared machine; writes no results file.
 */
const PDF_ONLY_PLAN: PdfPlan = {
  rounds: 3,
  poolConcurrency: [1, 2, PLATFORM_PDF_POOL.pages],
  headlineConcurrency: PLATFORM_PDF_POOL.pages,
  headlinePoolDocuments: 64,
  sweepPoolDocuments: 48,
  inFlightPerPage: PLATFORM_PDF_POOL.inFlight / PLATFORM_PDF_POOL.pages,
  batches: [],
  naive: false,
  ungroupedConcurrency: PLATFORM_PDF_POOL.pages,
};
const PDF_GROUPED_TARGET = 2;

function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

function emailVariant(result: EmailPairResult) {
  return {
    per_s: round(result.platform.perSecond),
    naive_per_s: round(result.naive.perSecond),
    ratio: round(result.ratio),
    lines: result.lines,
    locales: result.locales,
  };
}

function textChannel(result: TextChannelResult, naive: string) {
  return {
    per_s: round(result.platform.perSecond),
    naive_per_s: round(result.naive.perSecond),
    ratio: round(result.ratio),
    unit: 'messages/s, one thread',
    naive,
    messages_timed: result.platform.operations,
    sample: result.sample,
  };
}

interface FinishedRun {
  readonly json: string;
  readonly markdown: string;
}

/** Measures everything; writes nothing, so a run that fails anywhere leaves the last results alone. */
async function measure(): Promise<FinishedRun> {
  const started = process.hrtime.bigint();
  // Other work on the machine slows every path; it is reported so a reader can judge the numbers.
  const background = await backgroundCpuBusy();
  const loadBefore = os.loadavg()[0];
  if (background > 0.1) progress(`the machine is already ${Math.round(background * 100)}% busy: expect lower and noisier numbers`);
  const version = await builtInInvoice();
  const executablePath = await resolveChromiumExecutable(process.env.CHROMIUM_PATH || process.env.PUPPETEER_EXECUTABLE_PATH || undefined);
  const invoices = generateInvoices(DOCUMENTS, 10);
  const contexts = await Promise.all(invoices.map((document) => mergeContext(version, document)));
  const pdf = new PdfBench(version, executablePath);
  try {
    return await measureWith(pdf, { started, background, loadBefore, version, contexts, invoices });
  } finally {
    await pdf.close();
  }
}

interface RunSetup {
  readonly started: bigint;
  readonly background: number;
  readonly loadBefore: number;
  readonly version: Awaited<ReturnType<typeof builtInInvoice>>;
  readonly contexts: Awaited<ReturnType<typeof mergeContext>>[];
  readonly invoices: ReturnType<typeof generateInvoices>;
}

async function measureWith(pdf: PdfBench, { started, background, loadBefore, version, contexts, invoices }: RunSetup): Promise<FinishedRun> {
  // A browser that cannot start fails the run now, not after minutes of other measurements;
  // it is closed again so that the single-threaded paths have the machine to themselves.
  const chromium = await pdf.chromiumVersion();
  await pdf.close();

  // Single-threaded paths first, while no Chromium is printing beside them.
  progress('email: checking that both paths produce the same message');
  const email = new EmailBench(version);
  const longInvoices = generateInvoices(DOCUMENTS, 40);
  const mixedInvoices = generateInvoices(DOCUMENTS, 10, ['en-US', 'ar-SA', 'zh-CN']);
  const emailCheck = await email.check(invoices[0]);
  // Every variant timed below is checked too: a 40-line invoice and one in each language.
  for (const document of [longInvoices[0], ...mixedInvoices.slice(0, 3)]) await email.check(document);
  progress('email: 10-line invoices, en-US');
  const email10 = await email.pair(invoices, 'headline');
  const emailStages = await email.stages(invoices);
  progress('email: 40-line invoices, en-US');
  const email40 = await email.pair(longInvoices, 'variant');
  progress('email: 10-line invoices, en-US / ar-SA / zh-CN');
  const emailMixed = await email.pair(mixedInvoices, 'variant');

  progress('sms');
  const sms = await benchSms(version, contexts);
  progress('whatsapp');
  const whatsapp = await benchWhatsApp(version, contexts);

  progress('pdf: checking that every path prints the same pages');
  const pdfCheck = await pdf.check(contexts[0]);
  progress(`pdf: launch per document, one reused page, pools of ${PDF_PLAN.poolConcurrency.join(', ')} pages and batches of ${PDF_BATCH_SIZE}, interleaved`);
  const compared = await pdf.compare(contexts, PDF_PLAN);
  const naive = compared.naive;
  if (!naive) throw new Error('the PDF comparison ran without launch per document');
  const single = compared.singlePage;
  const pool = compared.pools.find((run) => run.concurrency === PDF_PLAN.headlineConcurrency)!;

  const results: BenchResults = {
    date: new Date().toISOString(),
    machine: describeMachine(chromium),
    load: { background_cpu_busy_before: round(background), load_average_1m_before: round(loadBefore), load_average_1m_after: round(os.loadavg()[0]) },
    duration_s: 0,
    email: {
      per_s: round(email10.platform.perSecond),
      naive_per_s: round(email10.naive.perSecond),
      ratio: round(email10.ratio),
      unit: 'messages/s per core (one thread)',
      path: 'EmailComposer: MJML compiled once per version and direction, then per message a merge straight into the body bytes and the text part from its own template',
      naive: 'merge of the MJML source, mjml2html and html-to-text per message, then the body bytes',
      lines: email10.lines,
      locales: email10.locales,
      messages_timed: email10.platform.operations,
      naive_messages_timed: email10.naive.operations,
      rounds_per_s: { platform: email10.platform.roundsPerSecond.map(round), naive: email10.naive.roundsPerSecond.map(round) },
      platform_ms_per_message: round(email10.platform.meanMs),
      naive_ms_per_message: round(email10.naive.meanMs),
      // CPU time of this process per message: equal to the wall time when a path keeps to one core.
      platform_cpu_ms_per_message: round(email10.platform.processCpuMsPerOp),
      naive_cpu_ms_per_message: round(email10.naive.processCpuMsPerOp),
      naive_stage_ms_per_message: email10.naiveStagesMsPerMessage,
      platform_stage_ms_per_message: emailStages,
      html_identical: emailCheck.htmlIdentical,
      html_identical_ignoring_whitespace: emailCheck.htmlIdenticalIgnoringWhitespace,
      visible_text_identical: emailCheck.visibleTextIdentical,
      html_bytes: emailCheck.htmlBytes,
      text_bytes: emailCheck.platformTextBytes,
      naive_text_bytes: emailCheck.naiveTextBytes,
      variants: { lines_40: emailVariant(email40), mixed_locales: emailVariant(emailMixed) },
    },
    pdf: {
      per_s: round(pool.measurement.perSecond),
      naive_per_s: round(naive.perSecond),
      ratio: round(pool.measurement.perSecond / naive.perSecond),
      single_page_per_s: round(single.perSecond),
      ratio_vs_single_page: round(pool.measurement.perSecond / single.perSecond),
      unit: 'PDFs/s, whole machine',
      path: 'PdfComposer over ChromiumPdfEngine: one browser, pages reused, request guard, tagged output, metadata pass',
      naive: 'renderNaive: Chromium launched and closed per document, same guard and output',
      single_page: 'one browser and one page, setContent then page.pdf in sequence with the same print options; no guard, no metadata pass',
      pages: pdfCheck.pages.pool,
      bytes: pdfCheck.bytes.pool,
      pool_concurrency: pool.concurrency,
      pool_in_flight: pool.inFlight,
      pool_documents_timed: pool.measurement.operations,
      naive_documents_timed: naive.operations,
      single_page_documents_timed: single.operations,
      rounds: PDF_PLAN.rounds,
      rounds_per_s: { pool: pool.measurement.roundsPerSecond.map(round), single_page: single.roundsPerSecond.map(round), naive: naive.roundsPerSecond.map(round) },
      machine_cpu_busy: { pool: round(pool.measurement.machineCpuBusy), single_page: round(single.machineCpuBusy), naive: round(naive.machineCpuBusy) },
      pool_concurrency_sweep: compared.pools.map((run) => ({
        concurrency: run.concurrency,
        in_flight: run.inFlight,
        per_s: round(run.measurement.perSecond),
        ratio_vs_single_page: round(run.measurement.perSecond / single.perSecond),
        machine_cpu_busy: round(run.measurement.machineCpuBusy),
      })),
      batched: compared.batches.map((batch) => ({
        per_s: round(batch.measurement.perSecond),
        batch_size: batch.batchSize,
        pages: batch.pages,
        ratio_vs_single_page: round(batch.measurement.perSecond / single.perSecond),
        caveats: 'split copies drop the tag structure and metadata; page counts must be known per invoice; page X of Y counts the whole batch; one bad invoice fails its batch',
      })),
    },
    sms: textChannel(sms, 'the same SmsComposer compiling its template and parsing its ICU catalog for every message'),
    whatsapp: textChannel(whatsapp, 'the same WhatsAppComposer compiling its parameter templates and parsing its ICU catalog for every message'),
  };
  const withDuration = { ...results, duration_s: round(Number(process.hrtime.bigint() - started) / 1e9) };
  return { json: JSON.stringify(withDuration, null, 2) + '\n', markdown: toMarkdown(withDuration) };
}

async function measurePdfOnly(): Promise<string> {
  const started = process.hrtime.bigint();
  const background = await backgroundCpuBusy();
  const loadBefore = os.loadavg()[0];
  const version = await builtInInvoice();
  const executablePath = await resolveChromiumExecutable(process.env.CHROMIUM_PATH || process.env.PUPPETEER_EXECUTABLE_PATH || undefined);
  const contexts = await Promise.all(generateInvoices(DOCUMENTS, 10).map((document) => mergeContext(version, document)));
  const pdf = new PdfBench(version, executablePath);
  try {
    const chromium = await pdf.chromiumVersion();
    progress('pdf: checking that every path prints the same pages');
    const check = await pdf.check(contexts[0]);
    progress(`pdf: one reused page, grouping pools of ${PDF_ONLY_PLAN.poolConcurrency.join(', ')} pages, a pool of ${PDF_ONLY_PLAN.ungroupedConcurrency} without grouping, interleaved`);
    const compared = await pdf.compare(contexts, PDF_ONLY_PLAN);
    const single = compared.singlePage;
    const headline = compared.pools.find((run) => run.concurrency === PDF_ONLY_PLAN.headlineConcurrency)!;
    const rate = (value: number) => round(value).toLocaleString('en-US');
    const ratio = (value: number) => `${round(value / single.perSecond)}×`;
    const rows = [
      ...compared.pools.map((run) => [
        `PDF, ${check.pages.pool}-page A4 invoice, tagged: pool of ${run.concurrency} page${run.concurrency > 1 ? 's' : ''} grouping ${run.inFlight} in flight vs one reused page (PDFs/s)`,
        rate(run.measurement.perSecond),
        rate(single.perSecond),
        ratio(run.measurement.perSecond),
        run === headline ? `≥ ${PDF_GROUPED_TARGET}× — ${run.measurement.perSecond / single.perSecond >= PDF_GROUPED_TARGET ? 'met' : '**not met**'}` : '',
      ]),
      ...(compared.ungrouped
        ? [[`PDF: pool of ${compared.ungrouped.concurrency} pages, grouping off, vs one reused page (PDFs/s)`, rate(compared.ungrouped.measurement.perSecond), rate(single.perSecond), ratio(compared.ungrouped.measurement.perSecond), 'before']]
        : []),
    ];
    const cpu = (value: number | undefined) => (value === undefined ? '?' : `${Math.round(value)}`);
    const singleCpu = compared.singlePageCpuMsPerDocument;
    const cpuRatio = (value: number | undefined) => (value && singleCpu ? `${round(singleCpu / value)}×` : '?');
    rows.push(
      ...[...compared.pools, ...(compared.ungrouped ? [compared.ungrouped] : [])].map((run) => [
        `CPU per PDF, Node + Chromium (ms): pool of ${run.concurrency} page${run.concurrency > 1 ? 's' : ''}${run === compared.ungrouped ? ', grouping off,' : ' grouping'} vs one reused page`,
        cpu(run.cpuMsPerDocument),
        cpu(singleCpu),
        cpuRatio(run.cpuMsPerDocument),
        'less is better; independent of other load',
      ]),
    );
    const header = ['measurement', 'platform', 'baseline', 'ratio', 'target'];
    const perRound = (name: string, rounds: number[]) => `${name} ${rounds.map((value) => rate(value)).join(' / ')}`;
    const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
    const seconds = Math.round(Number(process.hrtime.bigint() - started) / 1e9);
    return [
      `Run ${date} UTC, PDF only, Chromium ${chromium} (${seconds} s).`,
      '',
      `| ${header.join(' | ')} |`,
      `|${header.map((_, i) => (i === 0 || i === header.length - 1 ? '---' : '---:')).join('|')}|`,
      ...rows.map((row) => `| ${row.join(' | ')} |`),
      '',
      `Rounds (PDFs/s): ${[perRound('one page', single.roundsPerSecond), ...compared.pools.map((run) => perRound(`pool ${run.concurrency}`, run.measurement.roundsPerSecond)), ...(compared.ungrouped ? [perRound('pool without grouping', compared.ungrouped.measurement.roundsPerSecond)] : [])].join(' · ')}.`,
      `Machine CPU busy: one page ${Math.round(single.machineCpuBusy * 100)}%, grouping pool ${Math.round(headline.measurement.machineCpuBusy * 100)}%. Before the run: ${Math.round(background * 100)}% busy, load ${round(loadBefore)}.`,
      '',
    ].join('\n');
  } finally {
    await pdf.close();
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--pdf')) {
    process.stdout.write(await measurePdfOnly());
    return;
  }
  const shownDir = path.relative(process.cwd(), RESULTS_DIR) || '.';
  let run: FinishedRun;
  try {
    run = await measure();
  } catch (error) {
    const last = await lastResultsDate(RESULTS_DIR);
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n` +
        `bench: no results written; ${shownDir}/latest.json and latest.md were not updated` +
        (last ? ` and still hold the run of ${last}\n` : '\n'),
    );
    // Exit at once, non-zero: a handle left open by the failure must not keep the run alive or end it "successfully".
    process.exit(1);
  }
  await publishResults(RESULTS_DIR, { 'latest.json': run.json, 'latest.md': run.markdown });
  process.stdout.write(run.markdown);
  progress(`results in ${shownDir}/latest.json and latest.md`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed while writing its results: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
