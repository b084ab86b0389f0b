/**
 * The `--matrix` table: one column per configuration (1 and 2 worker
 * processes, without and with PDF), one row per figure, each figure after the
 * first column with its ratio to the same figure one step back: 2 workers
 * against 1, and with PDF against without, so what a second worker or the PDF
 * costs reads off the table.
 */
export interface MatrixRun {
  readonly options: { readonly workers: number; readonly pdf: boolean };
  readonly documentsPerSecond: number;
  readonly pdfsPerSecond?: number;
  readonly intakeToSentMs?: { p50: number; p99: number };
  readonly intakeToRenderedMs: { p50: number; p99: number };
  readonly peakRssMbByProcess: Record<string, number>;
  readonly memoryFlatness: Record<string, { ratio: number } | null>;
  readonly cpuSecondsPerDocument: Record<string, number>;
  readonly refused: number;
  readonly renderFailed: number;
}

type Row = readonly [label: string, value: (run: MatrixRun) => number | undefined, digits?: number];

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
const workers = (run: MatrixRun) => Object.keys(run.peakRssMbByProcess).filter((label) => label.startsWith('worker-'));

const ROWS: Row[] = [
  ['documents/s end to end', (run) => run.documentsPerSecond, 1],
  ['PDFs/s', (run) => run.pdfsPerSecond, 1],
  ['intake→sent p50 ms', (run) => run.intakeToSentMs?.p50, 0],
  ['intake→sent p99 ms', (run) => run.intakeToSentMs?.p99, 0],
  ['intake→rendered p50 ms', (run) => run.intakeToRenderedMs.p50, 0],
  ['peak RSS platform (API) MB', (run) => run.peakRssMbByProcess.platform, 0],
  ['peak RSS worker-1 MB', (run) => run.peakRssMbByProcess['worker-1'], 0],
  ['peak RSS worker-2 MB', (run) => run.peakRssMbByProcess['worker-2'], 0],
  ['worker memory flatness (last/first quarter, worst)', (run) => Math.max(...workers(run).map((label) => run.memoryFlatness[label]?.ratio ?? NaN)), 3],
  ['CPU ms/doc platform (API)', (run) => ms(run.cpuSecondsPerDocument.platform), 1],
  ['CPU ms/doc workers (all)', (run) => ms(sum(workers(run).map((label) => run.cpuSecondsPerDocument[label] ?? 0))), 1],
  ['CPU ms/doc PostgreSQL', (run) => ms(run.cpuSecondsPerDocument.postgres), 1],
  ['CPU ms/doc Chromium', (run) => ms(run.cpuSecondsPerDocument.chromium), 1],
  ['CPU ms/doc CLI', (run) => ms(run.cpuSecondsPerDocument.cli), 1],
  ['CPU ms/doc total', (run) => ms(sum(Object.values(run.cpuSecondsPerDocument))), 1],
  ['refused or failed', (run) => run.refused + run.renderFailed, 0],
];

function ms(seconds: number | undefined): number | undefined {
  return seconds === undefined ? undefined : seconds * 1000;
}

function name(run: MatrixRun): string {
  return `${run.options.workers} worker${run.options.workers === 1 ? '' : 's'}${run.options.pdf ? ' + PDF' : ''}`;
}

/** The run this one is compared with: one worker fewer, else the same without PDF. */
function baseline(run: MatrixRun, runs: readonly MatrixRun[]): MatrixRun | undefined {
  const fewer = runs.find((other) => other.options.pdf === run.options.pdf && other.options.workers === run.options.workers - 1);
  return fewer ?? runs.find((other) => other.options.workers === run.options.workers && other.options.pdf === false && run.options.pdf);
}

export function matrixTable(runs: readonly MatrixRun[]): string {
  const lines = [
    `| | ${runs.map((run) => { const base = baseline(run, runs); return base ? `${name(run)} (× vs ${name(base)})` : name(run); }).join(' | ')} |`,
    `|---|${runs.map(() => '---:').join('|')}|`,
  ];
  for (const [label, value, digits = 1] of ROWS) {
    const cells = runs.map((run) => {
      const figure = value(run);
      if (figure === undefined || Number.isNaN(figure) || !Number.isFinite(figure)) return '–';
      const base = baseline(run, runs);
      const before = base ? value(base) : undefined;
      const ratio = before && Number.isFinite(before) ? ` (${(figure / before).toFixed(2)}×)` : '';
      return `${figure.toFixed(digits)}${ratio}`;
    });
    lines.push(`| ${label} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

export function printMatrix(count: number, runs: readonly MatrixRun[]): void {
  console.log(`\n${count} invoices a run, one batch through \`ccm batch send\`, dispatched to the provider sinks (SMTP, Twilio, WhatsApp Cloud API)`);
  console.log(matrixTable(runs));
}
