import type { DeliveryLedger, DeliveryTotals } from './delivery-ledger';
import type { SmtpSink } from './smtp-sink';

/** What a fault run did, in the numbers a reader of the run wants first. */
export interface FaultReport {
  readonly scenario: string;
  /** Documents the API accepted. */
  readonly documents: number;
  /** Deliveries recorded `sent`. */
  readonly delivered: number;
  readonly failed: number;
  /** Messages the mail server accepted, duplicates included, and how many distinct `Message-ID`s. */
  readonly received: number;
  readonly distinct: number;
  /** Arrivals beyond the first per `Message-ID`: the only double sends a crash can cause. */
  readonly duplicates: number;
  /** Tries recorded as `retry` (a temporary failure, retried with backoff). */
  readonly retries: number;
  /** Tries begun and never recorded (the process died during them), sent again by a later try. */
  readonly resends: number;
  readonly elapsedMs: number;
  /** The scenario's own numbers: kills, statuses seen during an outage, the seed. */
  readonly extra?: Record<string, unknown>;
}

export function faultReport(
  scenario: string,
  documents: number,
  totals: DeliveryTotals,
  sink: SmtpSink,
  startedAt: number,
  extra?: Record<string, unknown>,
): FaultReport {
  return {
    scenario,
    documents,
    delivered: totals.sent,
    failed: totals.failed,
    received: sink.total,
    distinct: sink.distinct,
    duplicates: sink.duplicates,
    retries: totals.attemptsByOutcome.retry ?? 0,
    resends: totals.unrecordedTries,
    elapsedMs: Date.now() - startedAt,
    extra,
  };
}

/** Prints the report as a block that stands out in the test output (straight to stdout, not through jest's console). */
export function printFaultReport(report: FaultReport): void {
  const rows: Array<[string, unknown]> = [
    ['documents', report.documents],
    ['delivered', report.delivered],
    ['failed', report.failed],
    ['mail received', `${report.received} (${report.distinct} distinct Message-IDs)`],
    ['duplicates by Message-ID', report.duplicates],
    ['retries', report.retries],
    ['resends after a crash', report.resends],
    ['elapsed', `${(report.elapsedMs / 1000).toFixed(1)} s`],
    ...Object.entries(report.extra ?? {}).map(([key, value]): [string, unknown] => [key, typeof value === 'string' ? value : JSON.stringify(value)]),
  ];
  const width = Math.max(...rows.map(([key]) => key.length));
  const lines = [`== fault report: ${report.scenario} ==`, ...rows.map(([key, value]) => `  ${key.padEnd(width)}  ${String(value)}`), ''];
  process.stdout.write(`\n${lines.join('\n')}\n`);
}

/** A timestamped progress line, straight to stdout so a long run shows it is alive. */
export function progress(scenario: string): (line: string) => void {
  const started = Date.now();
  return (line) => process.stdout.write(`[${scenario} +${((Date.now() - started) / 1000).toFixed(0)}s] ${line}\n`);
}

/**
 * Waits for the run's deliveries to settle, then prints its report whether they did or
 * not, so a run that timed out still shows how far it got; a timeout is rethrown after
 * the report, with `explain()` (a process's last output, say) appended.
 */
export async function settleAndReport(
  ledger: DeliveryLedger,
  options: { timeoutMs: number; perDocument?: number; log?: (line: string) => void; explain?: () => string },
  report: (totals: DeliveryTotals) => FaultReport,
): Promise<DeliveryTotals> {
  const timedOut = await ledger.waitUntilSettled(options).then(
    () => undefined,
    (error: Error) => error,
  );
  const totals = await ledger.totals();
  printFaultReport(report(totals));
  if (timedOut) throw new Error(`${timedOut.message}${options.explain ? `\n${options.explain().slice(-4_000)}` : ''}`);
  return totals;
}
