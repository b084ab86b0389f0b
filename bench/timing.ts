import * as os from 'node:os';

export interface Budget {
  /** Untimed runs first: JIT, caches, lazily started browsers. */
  readonly warmup: number;
  /** Keep going until both minimums are reached… */
  readonly minMs: number;
  readonly minOps: number;
  /** …and stop at whichever maximum comes first, so a slow path cannot stretch the run. */
  readonly maxMs: number;
  readonly maxOps: number;
}

export interface Measurement {
  readonly operations: number;
  readonly elapsedMs: number;
  readonly perSecond: number;
  readonly meanMs: number;
  /** Share of the whole machine's CPU time that was busy (this process, Chromium and anything else). */
  readonly machineCpuBusy: number;
  /** CPU time of this Node process per operation; a single-threaded path uses at most one core. */
  readonly processCpuMsPerOp: number;
}

const NS_PER_MS = 1_000_000n;

function elapsedMsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / Number(NS_PER_MS);
}

/** Busy and total CPU time summed over every core, to tell a saturated machine from an idle wait. */
function cpuTimes(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const cpu of os.cpus()) {
    const { user, nice, sys, irq, idle } = cpu.times;
    busy += user + nice + sys + irq;
    total += user + nice + sys + irq + idle;
  }
  return { busy, total };
}

class Stopwatch {
  private readonly start = process.hrtime.bigint();
  private readonly cpu = cpuTimes();
  private readonly processCpu = process.cpuUsage();

  finish(operations: number): Measurement {
    const elapsedMs = elapsedMsSince(this.start);
    const cpu = cpuTimes();
    const processCpu = process.cpuUsage(this.processCpu);
    const total = cpu.total - this.cpu.total;
    return {
      operations,
      elapsedMs,
      perSecond: (operations * 1000) / elapsedMs,
      meanMs: elapsedMs / operations,
      machineCpuBusy: total > 0 ? (cpu.busy - this.cpu.busy) / total : 0,
      processCpuMsPerOp: (processCpu.user + processCpu.system) / 1000 / operations,
    };
  }
}

/** Runs `operation` one call after another, within the budget. `index` lets callers rotate through documents. */
export async function measureSequential(budget: Budget, operation: (index: number) => unknown): Promise<Measurement> {
  for (let i = 0; i < budget.warmup; i += 1) await operation(i);
  const stopwatch = new Stopwatch();
  const start = process.hrtime.bigint();
  let operations = 0;
  for (;;) {
    await operation(budget.warmup + operations);
    operations += 1;
    const elapsed = elapsedMsSince(start);
    if (operations >= budget.maxOps || elapsed >= budget.maxMs) break;
    if (operations >= budget.minOps && elapsed >= budget.minMs) break;
  }
  return stopwatch.finish(operations);
}

/**
 * Starts `count` operations with at most `concurrency` in flight and times the whole
 * batch: the throughput a worker sees with a queue of documents waiting.
 */
export async function measureConcurrent(count: number, concurrency: number, operation: (index: number) => Promise<unknown>): Promise<Measurement> {
  const stopwatch = new Stopwatch();
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) {
      const index = next;
      next += 1;
      await operation(index);
    }
  });
  await Promise.all(lanes);
  return stopwatch.finish(count);
}

/** A path measured in several rounds, interleaved with the paths it is compared with. */
export interface Rounds extends Measurement {
  /** Throughput of each round; the headline `perSecond` is their median. */
  readonly roundsPerSecond: number[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function combine(rounds: Measurement[]): Rounds {
  const operations = rounds.reduce((sum, round) => sum + round.operations, 0);
  const elapsedMs = rounds.reduce((sum, round) => sum + round.elapsedMs, 0);
  const perSecond = median(rounds.map((round) => round.perSecond));
  return {
    operations,
    elapsedMs,
    perSecond,
    meanMs: 1000 / perSecond,
    machineCpuBusy: rounds.reduce((sum, round) => sum + round.machineCpuBusy * round.elapsedMs, 0) / elapsedMs,
    processCpuMsPerOp: rounds.reduce((sum, round) => sum + round.processCpuMsPerOp * round.operations, 0) / operations,
    roundsPerSecond: rounds.map((round) => round.perSecond),
  };
}

/**
 * Measures each path in turn, round after round (A B C, A B C, …), and keeps the median
 * round of each. Anything else the machine does during the run then slows every path
 * alike instead of whichever happened to be running, so the ratios stay meaningful.
 */
export async function interleave<K extends string>(rounds: number, paths: Record<K, (round: number) => Promise<Measurement>>): Promise<Record<K, Rounds>> {
  const names = Object.keys(paths) as K[];
  const measured = Object.fromEntries(names.map((name) => [name, [] as Measurement[]])) as Record<K, Measurement[]>;
  for (let round = 0; round < rounds; round += 1) {
    for (const name of names) measured[name].push(await paths[name](round));
  }
  return Object.fromEntries(names.map((name) => [name, combine(measured[name])])) as Record<K, Rounds>;
}

/** Warm-up belongs to the first round only. */
export function roundBudget(budget: Budget, round: number): Budget {
  return round === 0 ? budget : { ...budget, warmup: 0 };
}

/** Share of the machine's CPU already busy before the bench starts: other work that will compete with it. */
export async function backgroundCpuBusy(sampleMs = 1_000): Promise<number> {
  const before = cpuTimes();
  await new Promise((resolve) => setTimeout(resolve, sampleMs));
  const after = cpuTimes();
  const total = after.total - before.total;
  return total > 0 ? (after.busy - before.busy) / total : 0;
}

/** Fixed precision that still shows small numbers: 8712, 70.4, 1.12. */
export function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
