import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { loadConfig } from '../libs/config/src';
import { RunningDatabase, startEmbeddedPostgres } from '../libs/persistence/src/embedded-postgres.server';
import { generateInvoice } from './invoice-data';

/**
 * `npm run bench:intake`: how fast documents are accepted when several API
 * processes share one database. Starts PostgreSQL (embedded, or the server of
 * DATABASE_URL with a fresh database per run), two API-only processes
 * (`CCM_PROCESSES=api`, no worker, so nothing renders), and posts a burst of
 * documents concurrently across both. Reports documents/s, p50/p99 latency,
 * what `pg_locks` showed waiting during the burst, and the CPU time the API
 * processes and PostgreSQL spent per document — which, unlike documents/s, does
 * not depend on what else the machine is running.
 *
 *   --app <folder>   a built checkout to run (its dist/ and templates/); repeat to compare checkouts
 *   --documents <n>  documents in the burst (default 1000)
 *   --in-flight <n>  requests in flight at once, across both processes (default 64)
 *   --rounds <n>     bursts per checkout, alternating between checkouts (default 2)
 *
 * The API processes listen on PORT and PORT+1; the embedded PostgreSQL on CCM_EMBEDDED_PG_PORT.
 */
const ADMIN_KEY = 'ccm_bench_admin_key_0123456789abcdef';
const SECRET = 'bench-signing-secret-0123456789abcdef-0123';
const PROCESSES = 2;
const WARM_UP = 20;

interface Options {
  readonly apps: string[];
  readonly documents: number;
  readonly inFlight: number;
  readonly rounds: number;
}

interface LockSamples {
  samples: number;
  withAdvisoryWaiter: number;
  advisoryWaitersSum: number;
  advisoryWaitersPeak: number;
  lockWaitersPeak: number;
}

interface BurstResult {
  readonly app: string;
  readonly documents: number;
  readonly failed: number;
  readonly seconds: number;
  readonly documentsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly locks: { samples: number; shareWithAdvisoryWaiter: number; meanAdvisoryWaiters: number; peakAdvisoryWaiters: number; peakLockWaiters: number };
  /** CPU milliseconds per document during the burst; PostgreSQL's only when the bench started it. */
  readonly cpuMsPerDocument: { readonly api: number; readonly postgres: number | null };
}

function parseOptions(argv: string[]): Options {
  const apps: string[] = [];
  let documents = 1000;
  let inFlight = 64;
  let rounds = 2;
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--app') apps.push(path.resolve(value));
    else if (flag === '--documents') documents = Number(value);
    else if (flag === '--in-flight') inFlight = Number(value);
    else if (flag === '--rounds') rounds = Number(value);
    else throw new Error(`unknown option ${flag}`);
  }
  return { apps: apps.length ? apps : [path.resolve(__dirname, '../..')], documents, inFlight, rounds };
}

class ApiProcess {
  private child?: ChildProcess;
  private readonly output: string[] = [];

  get pid(): number | undefined {
    return this.child?.pid;
  }

  constructor(
    private readonly app: string,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn(process.execPath, [path.join(this.app, 'dist/apps/api/src/main.js')], {
      cwd: this.app,
      env: { ...this.env, HOST: '127.0.0.1', PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (chunk) => this.output.push(String(chunk)));
    this.child.stderr!.on('data', (chunk) => this.output.push(String(chunk)));
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`API process exited: ${this.output.join('')}`);
      try {
        if ((await fetch(`${this.url}/health`)).ok) return;
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
    throw new Error(`API process did not become healthy: ${this.output.join('')}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  }
}

async function post(url: string, key: string, body: unknown): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started };
}

/** Samples `pg_locks` of the bench database until `stop` resolves. */
async function sampleLocks(url: string, stop: Promise<void>): Promise<LockSamples> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const samples: LockSamples = { samples: 0, withAdvisoryWaiter: 0, advisoryWaitersSum: 0, advisoryWaitersPeak: 0, lockWaitersPeak: 0 };
  let done = false;
  void stop.then(() => (done = true));
  try {
    while (!done) {
      const { rows } = await client.query<{ advisory: number; waiting: number }>(
        `SELECT count(*) FILTER (WHERE locktype = 'advisory' AND NOT granted)::int AS advisory,
                count(*) FILTER (WHERE NOT granted)::int AS waiting
           FROM pg_locks WHERE database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      const { advisory, waiting } = rows[0];
      samples.samples += 1;
      samples.advisoryWaitersSum += advisory;
      if (advisory > 0) samples.withAdvisoryWaiter += 1;
      samples.advisoryWaitersPeak = Math.max(samples.advisoryWaitersPeak, advisory);
      samples.lockWaitersPeak = Math.max(samples.lockWaitersPeak, waiting);
      await sleep(20);
    }
  } finally {
    await client.end();
  }
  return samples;
}

/** Clock ticks a second of `/proc/<pid>/stat` (USER_HZ), 100 on Linux. */
const TICK_MS = 10;

/** User + system CPU milliseconds each process has used so far (Linux `/proc`). */
function cpuMs(pids: readonly number[]): Map<number, number> {
  const used = new Map<number, number>();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      used.set(pid, (Number(fields[11]) + Number(fields[12])) * TICK_MS);
    } catch {
      // the process is gone: it no longer counts
    }
  }
  return used;
}

/** CPU used between two readings; a process started in between (a pooled connection opened late) counts whole. */
function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, used] of after) total += used - (before.get(pid) ?? 0);
  return total;
}

/** The embedded server's postmaster and every backend it forked (one per pooled connection). */
function postgresPids(clusterDir: string): number[] {
  const postmaster = Number(readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const children = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster;
      } catch {
        return false;
      }
    });
  return [postmaster, ...children];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function freshDatabase(serverUrl: string): Promise<string> {
  const name = `ccm_bench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return withDatabase(serverUrl, name);
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function burst(app: string, serverUrl: string, clusterDir: string | undefined, basePort: number, options: Options): Promise<BurstResult> {
  const databaseUrl = await freshDatabase(serverUrl);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ccm-bench-intake-'));
  const env = {
    DATABASE_URL: databaseUrl,
    CCM_PROCESSES: 'api',
    CCM_ADMIN_KEY: ADMIN_KEY,
    CCM_SECRET: SECRET,
    CCM_DATA_DIR: dataDir,
    CCM_TEMPLATES_DIR: path.join(app, 'templates'),
    CCM_PUBLIC_URL: 'https://billing.example.test',
    LOG_LEVEL: 'warn',
  };
  const processes = Array.from({ length: PROCESSES }, (_, i) => new ApiProcess(app, basePort + i, env));
  try {
    // One after the other: the first applies migrations and imports the built-in templates.
    for (const api of processes) await api.start();
    const issued = await fetch(`${processes[0].url}/v1/api-keys`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ADMIN_KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'bench-billing', roles: ['billing'] }),
    });
    const { key } = (await issued.json()) as { key: string };
    const document = (index: number) => {
      const { id: _id, ...body } = generateInvoice(index, 10);
      return { ...body, channels: ['email', 'pdf', 'sms'] };
    };
    const target = (index: number) => `${processes[index % PROCESSES].url}/v1/documents`;
    for (let i = 0; i < WARM_UP; i += 1) await post(target(i), key, document(options.documents + i));

    const bodies = Array.from({ length: options.documents }, (_, i) => document(i));
    const latencies: number[] = [];
    let failed = 0;
    let next = 0;
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const locks = sampleLocks(databaseUrl, finished);
    const apiPids = processes.map((api) => api.pid!);
    const pgPids = () => (clusterDir ? postgresPids(clusterDir) : []);
    const cpuBefore = { api: cpuMs(apiPids), postgres: cpuMs(pgPids()) };
    const started = performance.now();
    await Promise.all(
      Array.from({ length: options.inFlight }, async () => {
        for (let index = next++; index < options.documents; index = next++) {
          const { status, ms } = await post(target(index), key, bodies[index]);
          latencies.push(ms);
          if (status !== 201) failed += 1;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const cpuAfter = { api: cpuMs(apiPids), postgres: cpuMs(pgPids()) };
    finish();
    const sampled = await locks;
    latencies.sort((a, b) => a - b);
    return {
      app,
      documents: options.documents,
      failed,
      seconds: round(seconds),
      documentsPerSecond: round(options.documents / seconds),
      p50Ms: round(percentile(latencies, 50)),
      p99Ms: round(percentile(latencies, 99)),
      locks: {
        samples: sampled.samples,
        shareWithAdvisoryWaiter: round(sampled.withAdvisoryWaiter / Math.max(sampled.samples, 1)),
        meanAdvisoryWaiters: round(sampled.advisoryWaitersSum / Math.max(sampled.samples, 1)),
        peakAdvisoryWaiters: sampled.advisoryWaitersPeak,
        peakLockWaiters: sampled.lockWaitersPeak,
      },
      cpuMsPerDocument: {
        api: round(cpuBetween(cpuBefore.api, cpuAfter.api) / options.documents),
        postgres: clusterDir ? round(cpuBetween(cpuBefore.postgres, cpuAfter.postgres) / options.documents) : null,
      },
    };
  } finally {
    for (const api of processes) await api.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return round(sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const config = loadConfig();
  let server: RunningDatabase;
  let pgDir: string | undefined;
  if (config.databaseUrl) {
    server = { url: config.databaseUrl, stop: async () => undefined };
  } else {
    pgDir = mkdtempSync(path.join(tmpdir(), 'ccm-bench-pg-'));
    server = await startEmbeddedPostgres({ dataDir: pgDir, port: config.embeddedPostgresPort, database: 'postgres' });
  }
  const results: BurstResult[] = [];
  try {
    for (let round = 1; round <= options.rounds; round += 1) {
      for (const app of options.apps) {
        const result = await burst(app, server.url, pgDir && path.join(pgDir, 'pg'), config.port, options);
        results.push(result);
        console.log(JSON.stringify({ round, ...result }));
      }
    }
  } finally {
    await server.stop();
    if (pgDir) rmSync(pgDir, { recursive: true, force: true });
  }
  console.log('\n| checkout | documents/s (median of rounds) | p50 ms | p99 ms | samples with an advisory-lock waiter | peak advisory waiters | CPU ms per document: API + PostgreSQL |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const app of options.apps) {
    const mine = results.filter((result) => result.app === app);
    console.log(
      `| ${app} | ${median(mine.map((r) => r.documentsPerSecond))} | ${median(mine.map((r) => r.p50Ms))} | ${median(mine.map((r) => r.p99Ms))} | ` +
        `${median(mine.map((r) => r.locks.shareWithAdvisoryWaiter * 100))}% | ${Math.max(...mine.map((r) => r.locks.peakAdvisoryWaiters))} | ` +
        `${median(mine.map((r) => r.cpuMsPerDocument.api))} + ${median(mine.map((r) => r.cpuMsPerDocument.postgres ?? NaN))} |`,
    );
  }
  const folder = path.resolve(__dirname, '../../bench/results');
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'intake-burst.json'), `${JSON.stringify({ at: new Date().toISOString(), options, results }, null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
