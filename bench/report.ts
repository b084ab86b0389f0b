import type { MachineFacts } from './machine';

export interface ChannelResult {
  readonly per_s: number;
  readonly naive_per_s: number;
  readonly ratio: number;
  readonly [detail: string]: unknown;
}

export interface PdfResultSummary extends ChannelResult {
  readonly single_page_per_s: number;
  readonly ratio_vs_single_page: number;
  readonly batched?: { per_s: number; batch_size: number; pages: number; ratio_vs_single_page: number }[];
  readonly pool_concurrency_sweep?: { concurrency: number; per_s: number }[];
}

export interface BenchResults {
  readonly date: string;
  readonly machine: MachineFacts;
  readonly load: { background_cpu_busy_before: number; load_average_1m_before: number; load_average_1m_after: number };
  readonly duration_s: number;
  readonly email: ChannelResult & { variants: Record<string, { per_s: number; naive_per_s: number; ratio: number; lines: number; locales: string[] }> };
  readonly pdf: PdfResultSummary;
  readonly sms: ChannelResult;
  readonly whatsapp: ChannelResult;
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const small = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 });

/** Enough digits to read, never more than the measurement supports. */
export function formatRate(value: number): string {
  if (value >= 100) return integer.format(value);
  if (value >= 10) return decimal.format(value);
  return small.format(value);
}

function times(value: number): string {
  return `${value >= 10 ? integer.format(value) : decimal.format(value)}×`;
}

function verdict(met: boolean): string {
  return met ? 'met' : '**not met**';
}

/** The table for the README and the terminal. */
export function toMarkdown(results: BenchResults): string {
  const { email, pdf, sms, whatsapp, machine } = results;
  const emailMet = email.ratio >= 100;
  const pdfNaiveMet = pdf.ratio >= 10;
  // The pool must at least double one warm page, tagged output kept (documents are grouped into one print and split).
  const pdfSingleMet = pdf.per_s >= 2 * pdf.single_page_per_s;
  const rows: string[][] = [
    [
      `Email HTML + text, ${email.lines}-line invoice (messages/s per core)`,
      formatRate(email.per_s),
      formatRate(email.naive_per_s),
      times(email.ratio),
      `≥ 100× — ${verdict(emailMet)}`,
    ],
    ...Object.entries(email.variants).map(([, variant]) => [
      `Email, ${variant.lines}-line invoice, ${variant.locales.join(' / ')}`,
      formatRate(variant.per_s),
      formatRate(variant.naive_per_s),
      times(variant.ratio),
      '',
    ]),
    [
      `PDF, ${pdf.pages}-page A4 invoice: pool of ${pdf.pool_concurrency} pages vs launch per document (PDFs/s)`,
      formatRate(pdf.per_s),
      formatRate(pdf.naive_per_s),
      times(pdf.ratio),
      `≥ 10× — ${verdict(pdfNaiveMet)}`,
    ],
    [
      `PDF, tagged: pool of ${pdf.pool_concurrency} pages vs one reused page, \`page.pdf\` in sequence (PDFs/s)`,
      formatRate(pdf.per_s),
      formatRate(pdf.single_page_per_s),
      times(pdf.ratio_vs_single_page),
      `≥ 2× — ${verdict(pdfSingleMet)}`,
    ],
    ...(pdf.batched ?? []).map((batch) => [
      `PDF batched: ${batch.batch_size} invoices per \`page.pdf\`, split with pdf-lib, ${batch.pages} page${batch.pages > 1 ? 's' : ''} (invoices/s; untagged)`,
      formatRate(batch.per_s),
      formatRate(pdf.single_page_per_s),
      times(batch.ratio_vs_single_page),
      'extra; not used by the platform',
    ]),
    [`SMS (messages/s; naive compiles the template per message)`, formatRate(sms.per_s), formatRate(sms.naive_per_s), times(sms.ratio), ''],
    [`WhatsApp (messages/s; naive compiles the templates per message)`, formatRate(whatsapp.per_s), formatRate(whatsapp.naive_per_s), times(whatsapp.ratio), ''],
  ];
  const header = ['measurement', 'platform', 'baseline', 'ratio', 'target'];
  const sweep = (pdf.pool_concurrency_sweep ?? []).map((run) => `${run.concurrency} page${run.concurrency > 1 ? 's' : ''} ${formatRate(run.per_s)}`);
  const busy = results.load.background_cpu_busy_before;
  const lines = [
    `Run ${results.date.slice(0, 16).replace('T', ' ')} UTC on ${machine.cpus} × ${machine.cpu_model}, ${machine.memory_gb} GB, ${machine.os}, Node ${machine.node}, Chromium ${machine.chromium} (${Math.round(results.duration_s)} s).`,
    '',
    `| ${header.join(' | ')} |`,
    // Text columns left, figures right.
    `|${header.map((_, i) => (i === 0 || i === header.length - 1 ? '---' : '---:')).join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
    ...(sweep.length ? [`PDF pool by pages open at once (PDFs/s): ${sweep.join(' · ')}.`] : []),
    `Other work on the machine just before the run: ${Math.round(busy * 100)}% of its CPU busy, 1-minute load average ${results.load.load_average_1m_before}.`,
  ];
  return lines.join('\n') + '\n';
}
