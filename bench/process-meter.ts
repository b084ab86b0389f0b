import { readdirSync, readFileSync } from 'node:fs';

/**
 * What Linux's /proc says of the processes a run is made of: CPU (user +
 * system) and resident memory, per process we started and per kind of child
 * (PostgreSQL's backends, Chromium's renderers), so each cost is charged to
 * the process that caused it.
 */
interface Stat {
  readonly ppid: number;
  readonly cpuMs: number;
  readonly name: string;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

function procStat(pid: number, path = `/proc/${pid}/stat`): Stat | undefined {
  try {
    const stat = readFileSync(path, 'utf8');
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), cpuMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS, name };
  } catch {
    return undefined; // exited meanwhile
  }
}

/** Time a process's main thread has waited, ready to run, for a core (schedstat's second field, in ns). */
function runQueueMs(pid: number): number | undefined {
  try {
    return Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e6;
  } catch {
    return undefined; // exited meanwhile, or a kernel without schedstats
  }
}

function statusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number | undefined {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** The most the process has held resident since it started, in MB. */
export function peakRssMb(pid: number): number {
  return Math.round((statusKb(pid, 'VmHWM') ?? NaN) / 1024);
}

/** CPU ms of every live process under the labelled roots, keyed by pid, with the label it is charged to. */
export type CpuSnapshot = Map<number, { label: string; cpuMs: number; role?: PostgresRole }>;

/** What a PostgreSQL process is for: serving the platform's connections, autovacuum, or its own upkeep. */
export type PostgresRole = 'sessions' | 'autovacuum' | 'upkeep';

/**
 * From the title PostgreSQL gives each of its processes (`postgres: ccm ccm 127.0.0.1(5123) idle`,
 * `postgres: autovacuum worker ccm`, `postgres: checkpointer`…): a statement's cost is in the
 * sessions, while vacuum, checkpoints and WAL writing grow with the tables, not the statements.
 */
function postgresRole(pid: number): PostgresRole {
  let title = '';
  try {
    title = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return 'upkeep'; // exited meanwhile; its CPU was charged when it was last seen
  }
  if (/autovacuum worker/.test(title)) return 'autovacuum';
  return /\d+\.\d+\.\d+\.\d+\(\d+\)|\[local\]/.test(title) ? 'sessions' : 'upkeep';
}

export function cpuSnapshot(roots: ReadonlyMap<number, string>): CpuSnapshot {
  const stats = new Map(
    readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .map((entry) => [Number(entry), procStat(Number(entry))] as const),
  );
  const rootOf = (pid: number): number | undefined => {
    for (let at = pid, hops = 0; at > 1 && hops < 20; hops += 1) {
      if (roots.has(at)) return at;
      at = stats.get(at)?.ppid ?? 0;
    }
    return undefined;
  };
  const out: CpuSnapshot = new Map();
  for (const [pid, stat] of stats) {
    const root = stat && rootOf(pid);
    if (!stat || root === undefined) continue;
    const label = roots.has(pid) ? roots.get(pid)! : /postgres/.test(stat.name) ? 'postgres' : /chrom/i.test(stat.name) ? 'chromium' : `${roots.get(root)} (child)`;
    out.set(pid, { label, cpuMs: stat.cpuMs, ...(label === 'postgres' ? { role: postgresRole(pid) } : {}) });
  }
  return out;
}

/**
 * CPU ms spent per label between two snapshots. A process that exited in between (a
 * Chromium replaced after its quota of documents, a PostgreSQL backend closed) is gone from
 * `after`, and /proc adds its CPU to its parent's children's time, which would charge it to
 * the wrong label; so it counts what `seen` last saw it use (`ProcessSampler.tree`).
 */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot, seen: CpuSnapshot = new Map()): Record<string, number> {
  const totals: Record<string, number> = {};
  const add = (pid: number, label: string, cpuMs: number) => (totals[label] = (totals[label] ?? 0) + cpuMs - (before.get(pid)?.cpuMs ?? 0));
  for (const [pid, { label, cpuMs }] of after) add(pid, label, cpuMs);
  for (const [pid, { label, cpuMs }] of seen) if (!after.has(pid)) add(pid, label, cpuMs);
  return totals;
}

/** PostgreSQL's CPU ms between two snapshots by role (`cpuBetween` over its processes alone). */
export function postgresCpuBetween(before: CpuSnapshot, after: CpuSnapshot, seen: CpuSnapshot = new Map()): Record<PostgresRole, number> {
  const byRole = (snapshot: CpuSnapshot): CpuSnapshot =>
    new Map([...snapshot].filter(([, entry]) => entry.role).map(([pid, entry]) => [pid, { label: entry.role!, cpuMs: entry.cpuMs }]));
  return { sessions: 0, autovacuum: 0, upkeep: 0, ...cpuBetween(byRole(before), byRole(after), byRole(seen)) };
}

/**
 * Samples each labelled process's RSS (and CPU, for short-lived ones such as
 * the CLI, which /proc forgets once they exit) every `everyMs` while running.
 */
export class ProcessSampler {
  private readonly rss = new Map<string, number[]>();
  private readonly lastCpu = new Map<string, number>();
  private readonly seen: CpuSnapshot = new Map();
  private readonly timer: NodeJS.Timeout;
  private readonly treeTimer?: NodeJS.Timeout;

  /** With `roots`, also every process under them once a second, for `tree`. */
  constructor(
    private readonly processes: () => ReadonlyMap<number, string>,
    everyMs = 250,
    private readonly roots?: ReadonlyMap<number, string>,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
    if (roots) {
      this.sampleTree();
      this.treeTimer = setInterval(() => this.sampleTree(), 1000);
    }
  }

  stop(): void {
    clearInterval(this.timer);
    clearInterval(this.treeTimer);
    this.sample();
    if (this.roots) this.sampleTree();
  }

  /** The last CPU figure of every process seen under the roots, those that have exited since included. */
  tree(): CpuSnapshot {
    return this.seen;
  }

  private sampleTree(): void {
    for (const [pid, entry] of cpuSnapshot(this.roots!)) this.seen.set(pid, entry);
  }

  /** RSS samples in MB: first-quarter and last-quarter medians, and the highest seen. */
  rssSummary(label: string): { firstQuarterMb: number; lastQuarterMb: number; maxMb: number } | undefined {
    const samples = this.rss.get(label) ?? [];
    if (samples.length < 8) return undefined;
    const quarter = Math.floor(samples.length / 4);
    return { firstQuarterMb: Math.round(median(samples.slice(0, quarter))), lastQuarterMb: Math.round(median(samples.slice(-quarter))), maxMb: Math.round(Math.max(...samples)) };
  }

  /** CPU ms a process had used by the last sample that saw it alive: for one started during the run, all of it. */
  lastCpuMs(label: string): number | undefined {
    return this.lastCpu.get(label);
  }

  private sample(): void {
    for (const [pid, label] of this.processes()) {
      const kb = statusKb(pid, 'VmRSS');
      const stat = procStat(pid);
      if (kb === undefined || !stat) continue;
      if (!this.rss.has(label)) this.rss.set(label, []);
      this.rss.get(label)!.push(kb / 1024);
      this.lastCpu.set(label, stat.cpuMs);
    }
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** What the CPU did in one 5 s slice of a run: the machine's busy cores, PostgreSQL's, and each process's main thread. */
export interface CpuSlice {
  readonly machineCores: number;
  readonly postgresCores: number;
  /** Share of one core each labelled process's main thread (its event loop) used. */
  readonly mainThread: Record<string, number>;
  /**
   * Share of the slice each main thread was ready to run but waited for a core
   * (`/proc/…/schedstat`, where the kernel keeps it). A thread busy plus waiting near 1 is
   * the run's critical path even with cores idle on average: on two cores, a backend or
   * helper thread it wakes often takes its core at once.
   */
  readonly mainThreadWaiting: Record<string, number>;
}

/**
 * The CPU of a run slice by slice, to tell a pipeline that waits (cores idle) from one
 * bound by a single event loop (a main thread near 1 while a core is idle) or by the
 * machine. Node's event loop runs on the thread whose id is the process's pid.
 */
export class CpuTimeline {
  readonly slices: CpuSlice[] = [];
  private readonly timer: NodeJS.Timeout;
  private last = this.read();

  /** `roots`: the processes we started, by label; PostgreSQL is every backend under them. */
  constructor(
    private readonly roots: ReadonlyMap<number, string>,
    private readonly sliceMs = 5000,
  ) {
    this.timer = setInterval(() => this.sample(), sliceMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private sample(): void {
    const now = this.read();
    const cores = (ms: number) => Math.round((ms / this.sliceMs) * 100) / 100;
    const between = (after: ReadonlyMap<string, number>, before: ReadonlyMap<string, number>) => {
      const shares: Record<string, number> = {};
      for (const [label, ms] of after) {
        const earlier = before.get(label);
        if (earlier !== undefined) shares[label] = cores(ms - earlier);
      }
      return shares;
    };
    let postgresMs = 0;
    for (const [pid, { label, cpuMs }] of now.tree) if (label === 'postgres') postgresMs += cpuMs - (this.last.tree.get(pid)?.cpuMs ?? 0);
    this.slices.push({
      machineCores: cores(now.machineBusyMs - this.last.machineBusyMs),
      postgresCores: cores(postgresMs),
      mainThread: between(now.mainThreadMs, this.last.mainThreadMs),
      mainThreadWaiting: between(now.mainThreadWaitingMs, this.last.mainThreadWaitingMs),
    });
    this.last = now;
  }

  private read(): { machineBusyMs: number; mainThreadMs: Map<string, number>; mainThreadWaitingMs: Map<string, number>; tree: CpuSnapshot } {
    // /proc/stat's first line: user nice system idle iowait irq softirq steal…, in ticks of all cores.
    const ticks = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const busy = ticks.reduce((sum, value, index) => (index === 3 || index === 4 ? sum : sum + value), 0);
    const mainThreadMs = new Map<string, number>();
    const mainThreadWaitingMs = new Map<string, number>();
    for (const [pid, label] of this.roots) {
      const stat = procStat(pid, `/proc/${pid}/task/${pid}/stat`);
      if (stat) mainThreadMs.set(label, stat.cpuMs);
      const waitingMs = runQueueMs(pid);
      if (waitingMs !== undefined) mainThreadWaitingMs.set(label, waitingMs);
    }
    return { machineBusyMs: busy * TICK_MS, mainThreadMs, mainThreadWaitingMs, tree: cpuSnapshot(this.roots) };
  }
}
