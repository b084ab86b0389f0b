import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { sendWithCli, writeNdjson } from './cli-batch';
import { generateInvoice } from './invoice-data';
import { printMatrix } from './matrix-table';
import { measurePdfReference, type PdfReference } from './pdf-reference';
import { cpuBetween, cpuSnapshot, CpuTimeline, peakRssMb, postgresCpuBetween, ProcessSampler, type CpuSlice, type PostgresRole } from './process-meter';
import { startSinks } from './provider-sinks';
import { BenchRedis, startRedis } from './redis-server';
import { freePort } from './free-port';

/**
 * `npm run bench:run`: a billing run end to end. Starts the built platform as
 * `npm start` does (embedded PostgreSQL in a temporary data folder; API and
 * worker in one process, or with `--workers n` the API alone and n worker
 * processes), sends N generated invoices (en-US, ar-SA and zh-CN in turn, 10 to
 * 40 lines, all reconciling) and waits until every document is rendered — and
 * with `--dispatch` every delivery settled, sent to local servers speaking the
 * providers' protocols (SMTP, Twilio's Messages API, WhatsApp's Cloud API; see
 * provider-sinks.ts), not into the outbox.
 *
 * The invoices go either as one NDJSON file through the CLI as a customer runs
 * it (`--batch`: `ccm batch send <file>`, spawned from dist/) or as one POST
 * each (the peer path). "End to end" is from the first byte sent (the CLI's
 * spawn, or the first POST) to the last document rendered, or with
 * `--dispatch` to the last message a sink accepted, on the sinks' own clock.
 *
 * Reports documents/s (and PDFs/s with `--pdf`), p50/p99 from intake to
 * rendered and to sent (the deliveries table), the peak RSS of each process
 * (platform, each worker), how flat the workers' memory stayed (RSS sampled
 * every 250 ms: median of the last quarter over the first), and CPU ms per
 * document of each process, PostgreSQL, Chromium and the CLI; writes
 * bench/results/billing-run.json.
 *
 *   --count <n>        invoices (default 300)
 *   --pdf              render a PDF too (channels email, pdf, sms, whatsapp)
 *   --dispatch         post with dispatch: true, send to the provider sinks, wait for every delivery
 *   --workers <n>      n worker-only processes, the platform then runs the API alone (default 0: one process for both)
 *   --concurrency <n>  requests in flight when posting one by one (default 20)
 *   --batch            write the invoices as one NDJSON file and send it with `ccm batch send` instead of one POST each
 *   --matrix           one invocation, four runs: 1 and 2 worker processes, without and with PDF,
 *                      each as one batch through the CLI with dispatch; prints one table with ratios
 *   --probe            meanwhile, post one document alone every 250 ms and time POST → its email readable
 *   --app <folder>     a built checkout to run (dist/ and templates/); repeat to compare, run in alternation
 *   --rounds <n>       runs per checkout (default 1)
 *   --statements       count SQL statements per document (pg_stat_statements; costs one restart),
 *                      and the rows each table had inserted and updated per document
 *   --cpu-prof         write a V8 CPU profile of the platform and worker processes to bench/results/profiles/
 *   --timeline         print documents accepted, rendered and sent (by channel) in each 5 s of the run, with the cores busy,
 *                      PostgreSQL's, and each process's main thread, busy and waiting for a core: where the
 *                      stages wait, and on what; with --probe, how long the single documents took to render
 *   --queue <driver>   pgboss (the default: jobs in the platform's PostgreSQL) or redis (BullMQ on a
 *                      redis-server of the run's own, from the PATH; its CPU counts); repeat to compare,
 *                      run in alternation like checkouts
 *   --env NAME=value   passed to the platform (repeatable), e.g. CCM_RENDER_CONCURRENCY=8
 *   --pg-setting NAME=value  a setting of the run's embedded PostgreSQL (repeatable; costs one
 *                      restart), e.g. shared_buffers=1GB or max_wal_size=4GB
 */
const ADMIN_KEY = 'ccm_bench_admin_key_0123456789abcdef';
const SECRET = 'bench-signing-secret-0123456789abcdef-0123';
const LOCALES = ['en-US', 'ar-SA', 'zh-CN'] as const;
const DONE_DELIVERY = ['sent', 'delivered', 'read', 'failed', 'skipped'];
/** Documents `--probe` posts on the side are timed on their own, not counted in the run. */
const NOT_PROBE = "coalesce(external_ref, '') NOT LIKE 'PROBE-%'";
const NOT_PROBE_DOC = "coalesce(doc.external_ref, '') NOT LIKE 'PROBE-%'";

const QUEUES = ['pgboss', 'redis'] as const;
type Queue = (typeof QUEUES)[number];

interface Options {
  readonly count: number;
  readonly pdf: boolean;
  readonly dispatch: boolean;
  readonly workers: number;
  readonly concurrency: number;
  readonly batch: boolean;
  readonly matrix: boolean;
  readonly probe: boolean;
  readonly apps: string[];
  readonly rounds: number;
  readonly statements: boolean;
  readonly cpuProf: boolean;
  readonly timeline: boolean;
  readonly env: Record<string, string>;
  /** PostgreSQL settings written to the cluster's `postgresql.auto.conf` before the run (`--pg-setting`). */
  readonly pgSettings: Record<string, string>;
  /** The queue drivers to compare (`--queue`); each run has one, `queue`. */
  readonly queues: Queue[];
  readonly queue: Queue;
}

function parseOptions(argv: string[]): Options {
  const options = { count: 300, pdf: false, dispatch: false, workers: 0, concurrency: 20, batch: false, matrix: false, probe: false, apps: [] as string[], rounds: 1, statements: false, cpuProf: false, timeline: false, env: {} as Record<string, string>, pgSettings: {} as Record<string, string>, queues: [] as Queue[], queue: 'pgboss' as Queue };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${flag} needs a value`);
      return next;
    };
    if (flag === '--count') options.count = Number(value());
    else if (flag === '--pdf') options.pdf = true;
    else if (flag === '--dispatch') options.dispatch = true;
    else if (flag === '--workers') options.workers = Number(value());
    else if (flag === '--concurrency') options.concurrency = Number(value());
    else if (flag === '--batch') options.batch = true;
    else if (flag === '--matrix') options.matrix = true;
    else if (flag === '--probe') options.probe = true;
    else if (flag === '--app') options.apps.push(path.resolve(value()));
    else if (flag === '--rounds') options.rounds = Number(value());
    else if (flag === '--statements') options.statements = true;
    else if (flag === '--cpu-prof') options.cpuProf = true;
    else if (flag === '--timeline') options.timeline = true;
    else if (flag === '--queue') {
      const queue = value() as Queue;
      if (!QUEUES.includes(queue)) throw new Error(`--queue must be one of ${QUEUES.join(', ')}`);
      options.queues.push(queue);
    } else if (flag === '--env') {
      const [name, ...rest] = value().split('=');
      options.env[name] = rest.join('=');
    } else if (flag === '--pg-setting') {
      const [name, ...rest] = value().split('=');
      if (!/^[a-z_.]+$/.test(name) || !rest.length) throw new Error('--pg-setting takes NAME=value, e.g. shared_buffers=1GB');
      options.pgSettings[name] = rest.join('=');
    } else throw new Error(`unknown option ${flag}`);
  }
  if (!options.apps.length) options.apps.push(path.resolve(__dirname, '../..'));
  if (!options.queues.length) options.queues.push('pgboss');
  return options;
}

class NodeProcess {
  private child?: ChildProcess;
  private readonly output: string[] = [];

  constructor(
    private readonly app: string,
    private readonly env: Record<string, string>,
    private readonly nodeFlags: string[] = [],
  ) {}

  get pid(): number {
    return this.child!.pid!;
  }

  spawn(): void {
    this.child = spawn(process.execPath, [...this.nodeFlags, path.join(this.app, 'dist/apps/platform/src/main.js')], {
      cwd: this.app,
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: unknown) => {
      this.output.push(String(chunk));
      if (this.output.length > 200) this.output.shift();
    };
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
  }

  async waitHealthy(url: string): Promise<void> {
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline) {
      if (this.child!.exitCode !== null) throw new Error(`platform exited: ${this.output.join('')}`);
      try {
        if ((await fetch(`${url}/health`)).ok) return;
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
    throw new Error(`platform did not become healthy: ${this.output.join('')}`);
  }

  /** The last lines the process wrote, for saying why it stopped. */
  tail(): string {
    return this.output.join('').slice(-4_000);
  }

  exited(): boolean {
    return this.child?.exitCode !== null || this.child?.signalCode !== null;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    await exited;
    clearTimeout(timer);
  }
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function invoiceRequest(index: number, options: Options): Record<string, unknown> {
  const lines = 10 + ((index * 7) % 31);
  const { id: _id, ...invoice } = generateInvoice(index, lines, LOCALES[index % LOCALES.length]);
  // An invoice goes out on its first channel that works (first-available): turning the order
  // per invoice sends a third by each provider, so each sink and transport carries its share.
  const messages = ['email', 'sms', 'whatsapp'];
  const order = [...messages.slice(index % 3), ...messages.slice(0, index % 3)];
  const channels = options.pdf ? [...order, 'pdf'] : order;
  return { ...invoice, channels, ...(options.dispatch ? { dispatch: true } : {}) };
}

/** Posts every request, `concurrency` in flight; returns the count refused. */
async function postEach(url: string, key: string, bodies: readonly Record<string, unknown>[], concurrency: number): Promise<number> {
  let next = 0;
  let refused = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let index = next++; index < bodies.length; index = next++) {
        const response = await fetch(`${url}/v1/documents`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(bodies[index]),
        });
        await response.arrayBuffer();
        if (response.status !== 201) {
          refused += 1;
          if (refused <= 3) console.error(`POST refused: ${response.status}`);
        }
      }
    }),
  );
  return refused;
}

/** Each probe's POST → email readable, and of that its POST alone (until the 201), in ms. */
interface ProbeTimings {
  readonly total: number[];
  readonly post: number[];
}

/** Posts one document alone every 250 ms while `going()`, each timed from its POST until its email is read. */
async function probeOnDemand(url: string, key: string, options: Options, going: () => boolean): Promise<ProbeTimings> {
  const timings: ProbeTimings = { total: [], post: [] };
  const pending: Promise<void>[] = [];
  for (let index = 0; going(); index += 1) {
    const body = { ...invoiceRequest(options.count + 10 + index, options), externalRef: `PROBE-${index}`, channels: ['email'], dispatch: false };
    pending.push(
      (async () => {
        const started = performance.now();
        try {
          const created = await fetch(`${url}/v1/documents`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
            body: JSON.stringify(body),
          });
          const { id } = (await created.json()) as { id: string };
          const posted = performance.now() - started;
          const email = await fetch(`${url}/v1/documents/${id}/renditions/email`, { headers: { Authorization: `Bearer ${key}` } });
          await email.arrayBuffer();
          if (email.ok) {
            timings.total.push(performance.now() - started);
            timings.post.push(posted);
          } else console.error(`probe ${index}: email answered ${email.status}`);
        } catch (error) {
          console.error(`probe ${index} failed: ${(error as Error).message}`);
        }
      })(),
    );
    await sleep(250);
  }
  await Promise.all(pending);
  return timings;
}

export interface RunResult {
  readonly app: string;
  readonly round: number;
  readonly options: Pick<Options, 'count' | 'pdf' | 'dispatch' | 'workers' | 'concurrency' | 'batch' | 'queue' | 'env' | 'pgSettings'>;
  /** How the invoices were sent: one batch through the CLI, or one POST each. */
  readonly intake: 'cli-batch' | 'post-each';
  readonly refused: number;
  readonly renderFailed: number;
  readonly intakeSeconds: number;
  readonly intakeDocumentsPerSecond: number;
  readonly seconds: number;
  readonly documentsPerSecond: number;
  readonly intakeToRenderedMs: { p50: number; p99: number; max: number };
  readonly intakeToSentMs?: { p50: number; p99: number; max: number };
  /** Until the email rendition was ready: with --pdf, how long the messages wait when they wait for the PDF. */
  readonly intakeToEmailMs: { p50: number; p99: number };
  /** With --probe: single documents posted during the run, POST → email rendition read, in ms; `post*` the POST alone. */
  readonly onDemandMs?: { count: number; p50: number; p99: number; max: number; postP50: number; postP99: number };
  /** With --pdf: PDFs rendered per second, from the first byte sent to the last PDF rendered. */
  readonly pdfsPerSecond?: number;
  /** With --dispatch: messages the provider sinks accepted during the run, per sink. */
  readonly sinkMessages?: Record<string, number>;
  /** The platform process's (the API's, with --workers). */
  readonly peakRssMb: number;
  /** Each process we started: platform, worker-1…n. */
  readonly peakRssMbByProcess: Record<string, number>;
  /** Per process doing the work (the workers, or the platform with none): last-quarter median RSS over first-quarter median. */
  readonly memoryFlatness: Record<string, { ratio: number; firstQuarterMb: number; lastQuarterMb: number } | null>;
  /** CPU seconds per document: each process we started, the CLI, PostgreSQL, Chromium. */
  readonly cpuSecondsPerDocument: Record<string, number>;
  /** PostgreSQL's share of `cpuSecondsPerDocument` by what its processes were doing, in ms a document. */
  readonly postgresCpuMsPerDocument?: Record<PostgresRole, number>;
  readonly perDocument: { transactions: number; rowsInserted: number; rowsUpdated: number; rowsDeleted: number; walKb: number; statements?: number; statementMs?: number };
  readonly walByKind?: Array<{ kind: string; recordsPerDocument: number; recordKbPerDocument: number; fullPageKbPerDocument: number }>;
  readonly topStatements?: Array<{ calls: number; perDocument: number; totalMs: number; planMs: number; query: string }>;
  readonly rowsByTable?: Array<{ table: string; insertedPerDocument: number; updatedPerDocument: number; hotUpdatedPerDocument: number }>;
}

async function oneRun(app: string, roundNumber: number, options: Options): Promise<RunResult> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ccm-bench-run-'));
  const sinks = options.dispatch ? await startSinks() : undefined;
  const redis: BenchRedis | undefined = options.queue === 'redis' ? await startRedis() : undefined;
  const port = await freePort();
  const pgPort = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    TMPDIR: dataDir,
    HOST: '127.0.0.1',
    PORT: String(port),
    CCM_EMBEDDED_PG_PORT: String(pgPort),
    CCM_ADMIN_KEY: ADMIN_KEY,
    CCM_SECRET: SECRET,
    CCM_DATA_DIR: dataDir,
    CCM_TEMPLATES_DIR: path.join(app, 'templates'),
    CCM_PUBLIC_URL: 'https://billing.example.test',
    LOG_LEVEL: 'warn',
    ...(process.env.CHROMIUM_PATH ? { CHROMIUM_PATH: process.env.CHROMIUM_PATH } : {}),
    // With worker processes the platform takes the API's part alone, so each cost lands in one process.
    ...(options.workers > 0 ? { CCM_PROCESSES: 'api' } : {}),
    // Dispatch goes to the sinks as it would to the providers; a provider's own rate limit is not what is measured.
    ...(sinks ? { ...sinks.env, CCM_DISPATCH_SMS_RATE: '0', CCM_DISPATCH_WHATSAPP_RATE: '0' } : {}),
    ...(redis ? { CCM_QUEUE: 'redis', REDIS_URL: redis.url } : {}),
    ...options.env,
  };
  const profileDir = path.resolve(__dirname, '../../bench/results/profiles');
  const nodeFlags = options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  let platform = new NodeProcess(app, env, nodeFlags);
  const workers: NodeProcess[] = [];
  let db: Client | undefined;
  try {
    const pgSettings: Record<string, string> = {
      ...(options.statements ? { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'all', 'pg_stat_statements.track_planning': 'on' } : {}),
      ...options.pgSettings,
    };
    if (Object.keys(pgSettings).length) {
      // First start initialises the cluster; the settings (a preloaded library among them) need a restart.
      const first = new NodeProcess(app, env);
      first.spawn();
      await first.waitHealthy(url);
      await first.stop();
      const lines = Object.entries(pgSettings).map(([name, value]) => `${name} = '${value.replace(/'/g, "''")}'\n`);
      writeFileSync(path.join(dataDir, 'pg', 'postgresql.auto.conf'), lines.join(''), { flag: 'a' });
    }
    platform.spawn();
    await platform.waitHealthy(url);
    const password = readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim();
    const ownerUrl = `postgres://ccm:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/ccm`;
    for (let i = 0; i < options.workers; i += 1) {
      // The platform owns the embedded PostgreSQL; a worker joins it as another host's worker would, by URL.
      const worker = new NodeProcess(app, { ...env, CCM_PROCESSES: 'worker', DATABASE_URL: ownerUrl }, nodeFlags);
      worker.spawn();
      workers.push(worker);
    }
    db = new Client({ connectionString: ownerUrl });
    // When the platform dies it takes PostgreSQL with it; say so through waitFor, not as an unhandled 'error'.
    db.on('error', (error) => console.error(`benchmark's database connection: ${error.message}`));
    await db.connect();
    for (const name of Object.keys(options.pgSettings)) {
      const { rows } = await db.query('SELECT current_setting($1) AS value', [name]);
      console.error(`PostgreSQL ${name} = ${String(rows[0].value)}`);
    }
    if (options.statements) await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements; CREATE EXTENSION IF NOT EXISTS pg_walinspect');

    const issued = await fetch(`${url}/v1/api-keys`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ADMIN_KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'bench-billing', roles: ['billing'], machine: { name: 'bench' } }),
    });
    if (!issued.ok) throw new Error(`issuing a key answered ${issued.status}: ${await issued.text()}`);
    const { key } = (await issued.json()) as { key: string };

    // Warm: one document renders every channel once (templates compiled, Chromium's first page) before the clock starts.
    const warm = { ...invoiceRequest(options.count + 1, options), externalRef: 'INV-WARM-UP' };
    await postEach(url, key, [warm], 1);
    await waitFor(db, async () => Number((await db!.query("SELECT count(*) FROM documents WHERE status = 'accepted'")).rows[0].count) === 0, [platform, ...workers], 120_000);
    await sleep(1500);

    const bodies = Array.from({ length: options.count }, (_, i) => invoiceRequest(i, options));
    const batchFile = path.join(dataDir, 'invoices.ndjson');
    if (options.batch) writeNdjson(batchFile, bodies);
    const roots = new Map<number, string>([
      [platform.pid, 'platform'],
      ...workers.map((worker, i) => [worker.pid, `worker-${i + 1}`] as const),
      ...(redis ? [[redis.pid, 'redis'] as const] : []),
    ]);
    const statsBefore = await databaseStats(db);
    const tablesBefore = options.statements ? await tableWrites(db) : undefined;
    if (options.statements) await db.query('SELECT pg_stat_statements_reset()');
    const walBefore = options.statements ? String((await db.query('SELECT pg_current_wal_lsn() AS lsn')).rows[0].lsn) : undefined;
    const sinkCountsBefore = sinks?.all.map((sink) => sink.count);
    const cpuBefore = cpuSnapshot(roots);
    const startedAt = new Date();
    const started = performance.now();
    let probing = options.probe;
    const probes = options.probe ? probeOnDemand(url, key, options, () => probing) : Promise.resolve({ total: [], post: [] });
    const cli = options.batch ? sendWithCli(app, url, key, batchFile, dataDir) : undefined;
    const sampled = new Map(roots);
    if (cli) sampled.set(cli.pid, 'cli');
    const sampler = new ProcessSampler(() => sampled, 250, roots);
    const cpuTimeline = options.timeline ? new CpuTimeline(roots) : undefined;
    const refused = cli
      ? await cli.done.catch((error: Error) => {
          throw new Error(`${error.message}\nplatform said:\n${platform.tail()}`);
        })
      : await postEach(url, key, bodies, options.concurrency);
    const intakeSeconds = (performance.now() - started) / 1000;
    const accepted = options.count - refused;

    // The run's end is read from timestamps afterwards, so how often this asks only decides how
    // soon the bench notices. Its counts scan the run's rows: asked ten times a second through a
    // 100,000-document run they took a visible share of PostgreSQL's CPU from the platform. So it
    // asks once a second, and with dispatch only once the sinks have as many messages as there
    // are documents (or every tenth time, in case some deliveries never reach a sink).
    const sunk = () => (sinks ? sinks.all.reduce((sum, sink, index) => sum + sink.count - (sinkCountsBefore?.[index] ?? 0), 0) : 0);
    let polls = 0;
    await waitFor(db, async () => {
      polls += 1;
      if (options.dispatch && sunk() < accepted && polls % 10 !== 0) return false;
      const { rows } = await db!.query(
        `SELECT count(*) FILTER (WHERE status <> 'accepted')::int AS settled FROM documents WHERE created_at >= $1 AND ${NOT_PROBE}`,
        [startedAt],
      );
      if (rows[0].settled < accepted) return false;
      if (!options.dispatch) return true;
      const deliveries = await db!.query(
        `SELECT count(*) FILTER (WHERE d.status = ANY($2))::int AS done, count(*) FILTER (WHERE d.status <> ALL($2))::int AS open,
                count(DISTINCT d.document_id)::int AS documents
           FROM deliveries d JOIN documents doc ON doc.id = d.document_id WHERE doc.created_at >= $1`,
        [startedAt, DONE_DELIVERY],
      );
      const rendered = Number((await db!.query(`SELECT count(*) FROM documents WHERE created_at >= $1 AND status = 'rendered' AND ${NOT_PROBE}`, [startedAt])).rows[0].count);
      return deliveries.rows[0].open === 0 && deliveries.rows[0].documents >= rendered;
    }, [platform, ...workers], undefined, 1000);
    probing = false;
    sampler.stop();
    cpuTimeline?.stop();
    const { total: onDemand, post: onDemandPost } = await probes;
    onDemand.sort((a, b) => a - b);
    onDemandPost.sort((a, b) => a - b);
    const cpuAfter = cpuSnapshot(roots);
    const statsAfter = await databaseStats(db);

    const timings = await db.query<{ rendered_ms: number; sent_ms: number | null; status: string }>(
      `SELECT extract(epoch FROM (doc.updated_at - doc.created_at)) * 1000 AS rendered_ms,

              extract(epoch FROM ((SELECT max(d.sent_at) FROM deliveries d WHERE d.document_id = doc.id) - doc.created_at)) * 1000 AS sent_ms,
              doc.status
         FROM documents doc WHERE doc.created_at >= $1 AND ${NOT_PROBE_DOC}`,
      [startedAt],
    );
    const finished = await db.query<{ last: Date }>(
      `SELECT greatest(max(doc.updated_at), (SELECT max(d.updated_at) FROM deliveries d JOIN documents x ON x.id = d.document_id WHERE x.created_at >= $1)) AS last
         FROM documents doc WHERE doc.created_at >= $1 AND ${NOT_PROBE_DOC}`,
      [startedAt],
    );
    // With dispatch the run ends with the last message a provider accepted, on the sink's own clock.
    const sinkLast = sinks ? Math.max(...sinks.all.map((sink) => sink.last ?? 0)) : 0;
    const seconds = ((sinks ? sinkLast : new Date(finished.rows[0].last).getTime()) - startedAt.getTime()) / 1000;
    const pdfs = options.pdf
      ? (
          await db.query<{ count: number; last: Date | null }>(
            `SELECT count(*)::int AS count, max(r.rendered_at) AS last FROM renditions r JOIN documents doc ON doc.id = r.document_id
              WHERE doc.created_at >= $1 AND r.channel = 'pdf' AND r.rendered_at IS NOT NULL AND ${NOT_PROBE_DOC}`,
            [startedAt],
          )
        ).rows[0]
      : undefined;
    const emails = (
      await db.query<{ ms: number }>(
        `SELECT extract(epoch FROM (r.rendered_at - doc.created_at)) * 1000 AS ms FROM renditions r JOIN documents doc ON doc.id = r.document_id
          WHERE doc.created_at >= $1 AND r.channel = 'email' AND r.rendered_at IS NOT NULL AND ${NOT_PROBE_DOC}`,
        [startedAt],
      )
    ).rows
      .map((row) => Number(row.ms))
      .sort((a, b) => a - b);
    const rendered = timings.rows.map((row) => Number(row.rendered_ms)).sort((a, b) => a - b);
    const sent = timings.rows.filter((row) => row.sent_ms !== null).map((row) => Number(row.sent_ms)).sort((a, b) => a - b);
    const cpu = cpuBetween(cpuBefore, cpuAfter, sampler.tree());
    const postgresCpu = postgresCpuBetween(cpuBefore, cpuAfter, sampler.tree());
    if (cpuTimeline) await printTimeline(db, startedAt, cpuTimeline.slices);
    const cliCpu = sampler.lastCpuMs('cli');
    if (cliCpu !== undefined) cpu.cli = cliCpu;
    const working = workers.length ? workers.map((_, i) => `worker-${i + 1}`) : ['platform'];
    let topStatements: RunResult['topStatements'];
    let statements: number | undefined;
    let statementMs: number | undefined;
    let walByKind: RunResult['walByKind'];
    let rowsByTable: RunResult['rowsByTable'];
    if (options.statements) {
      const { rows } = await db.query<{ calls: string; total: number; plan: number; query: string }>(
        `SELECT calls, total_exec_time + total_plan_time AS total, total_plan_time AS plan, query FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'ccm') ORDER BY calls DESC`,
      );
      statements = round(rows.reduce((sum, row) => sum + Number(row.calls), 0) / accepted, 1);
      // Against PostgreSQL's CPU per document, what is left over is spent outside statements: protocol, commits, background work.
      statementMs = round(rows.reduce((sum, row) => sum + Number(row.total), 0) / accepted, 2);
      // The statements PostgreSQL spent the most time on, which is where its CPU per document goes.
      topStatements = [...rows].sort((a, b) => Number(b.total) - Number(a.total)).slice(0, 25).map((row) => ({
        calls: Number(row.calls),
        perDocument: round(Number(row.calls) / accepted, 2),
        totalMs: round(Number(row.total), 0),
        planMs: round(Number(row.plan), 0),
        query: row.query.replace(/\s+/g, ' ').slice(0, 160),
      }));
      if (tablesBefore) rowsByTable = rowsByTableBetween(tablesBefore, await tableWrites(db), accepted);
      walByKind = await walByKindSince(db, walBefore!, accepted);
    }
    return {
      app,
      round: roundNumber,
      options: { count: options.count, pdf: options.pdf, dispatch: options.dispatch, workers: options.workers, concurrency: options.concurrency, batch: options.batch, queue: options.queue, env: options.env, pgSettings: options.pgSettings },
      intake: options.batch ? 'cli-batch' : 'post-each',
      refused,
      renderFailed: timings.rows.filter((row) => row.status === 'render_failed').length,
      intakeSeconds: round(intakeSeconds),
      intakeDocumentsPerSecond: round(accepted / intakeSeconds, 1),
      seconds: round(seconds),
      documentsPerSecond: round(accepted / seconds, 1),
      intakeToRenderedMs: { p50: round(percentile(rendered, 50), 0), p99: round(percentile(rendered, 99), 0), max: round(rendered[rendered.length - 1] ?? NaN, 0) },
      ...(options.probe ? { onDemandMs: { count: onDemand.length, p50: round(percentile(onDemand, 50), 0), p99: round(percentile(onDemand, 99), 0), max: round(onDemand[onDemand.length - 1] ?? NaN, 0), postP50: round(percentile(onDemandPost, 50), 0), postP99: round(percentile(onDemandPost, 99), 0) } } : {}),
      intakeToEmailMs: { p50: round(percentile(emails, 50), 0), p99: round(percentile(emails, 99), 0) },
      ...(options.dispatch ? { intakeToSentMs: { p50: round(percentile(sent, 50), 0), p99: round(percentile(sent, 99), 0), max: round(sent[sent.length - 1] ?? NaN, 0) } } : {}),
      ...(pdfs?.last ? { pdfsPerSecond: round(pdfs.count / ((new Date(pdfs.last).getTime() - startedAt.getTime()) / 1000), 1) } : {}),
      ...(sinks ? { sinkMessages: { smtp: sinks.smtp.count - sinkCountsBefore![0], twilio: sinks.twilio.count - sinkCountsBefore![1], whatsapp: sinks.whatsapp.count - sinkCountsBefore![2] } } : {}),
      peakRssMb: peakRssMb(platform.pid),
      peakRssMbByProcess: Object.fromEntries([...roots].map(([pid, label]) => [label, peakRssMb(pid)])),
      memoryFlatness: Object.fromEntries(
        working.map((label) => {
          const rss = sampler.rssSummary(label);
          return [label, rss ? { ratio: round(rss.lastQuarterMb / rss.firstQuarterMb, 3), firstQuarterMb: rss.firstQuarterMb, lastQuarterMb: rss.lastQuarterMb } : null];
        }),
      ),
      cpuSecondsPerDocument: Object.fromEntries(Object.entries(cpu).map(([group, ms]) => [group, round(ms / 1000 / accepted, 4)])),
      postgresCpuMsPerDocument: { sessions: round(postgresCpu.sessions / accepted, 2), autovacuum: round(postgresCpu.autovacuum / accepted, 2), upkeep: round(postgresCpu.upkeep / accepted, 2) },
      perDocument: {
        transactions: round((statsAfter.xact - statsBefore.xact) / accepted, 1),
        rowsInserted: round((statsAfter.inserted - statsBefore.inserted) / accepted, 1),
        rowsUpdated: round((statsAfter.updated - statsBefore.updated) / accepted, 1),
        rowsDeleted: round((statsAfter.deleted - statsBefore.deleted) / accepted, 1),
        walKb: round((statsAfter.walBytes - statsBefore.walBytes) / 1024 / accepted, 1),
        ...(statements !== undefined ? { statements, statementMs } : {}),
      },
      ...(topStatements ? { topStatements } : {}),
      ...(rowsByTable ? { rowsByTable } : {}),
      ...(walByKind ? { walByKind } : {}),
    };
  } finally {
    await db?.end().catch(() => undefined);
    for (const worker of workers) await worker.stop();
    await platform.stop();
    platform = undefined as unknown as NodeProcess;
    await sinks?.close();
    await redis?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Documents accepted and rendered and messages sent in each 5 s of the run, from the rows' own timestamps. */
async function printTimeline(db: Client, startedAt: Date, cpu: readonly CpuSlice[]): Promise<void> {
  // The sends by channel: a channel whose backlog outlasts the others' is sent alone at the end of a run.
  const { rows } = await db.query<{ slice: number; accepted: number; rendered: number; sent: number; email: number; sms: number; whatsapp: number }>(
    `WITH docs AS (SELECT created_at, updated_at, status FROM documents WHERE created_at >= $1 AND ${NOT_PROBE}),
          slices AS (
            SELECT floor(extract(epoch FROM created_at - $1) / 5)::int AS slice, 1 AS accepted, 0 AS rendered, NULL::text AS channel FROM docs
            UNION ALL SELECT floor(extract(epoch FROM updated_at - $1) / 5)::int, 0, 1, NULL FROM docs WHERE status <> 'accepted'
            UNION ALL SELECT floor(extract(epoch FROM d.sent_at - $1) / 5)::int, 0, 0, d.channel::text FROM deliveries d WHERE d.sent_at >= $1)
     SELECT slice, sum(accepted)::int AS accepted, sum(rendered)::int AS rendered, count(channel)::int AS sent,
            count(*) FILTER (WHERE channel = 'email')::int AS email, count(*) FILTER (WHERE channel = 'sms')::int AS sms,
            count(*) FILTER (WHERE channel = 'whatsapp')::int AS whatsapp
       FROM slices GROUP BY slice ORDER BY slice`,
    [startedAt],
  );
  // With --probe: when in the run the single documents wait longest (from their intake until rendered, as the database saw it).
  const probes = await db.query<{ slice: number; p50: number; p99: number }>(
    `SELECT floor(extract(epoch FROM created_at - $1) / 5)::int AS slice,
            round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM updated_at - created_at)) * 1000)::int AS p50,
            round(percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM updated_at - created_at)) * 1000)::int AS p99
       FROM documents WHERE created_at >= $1 AND NOT (${NOT_PROBE}) AND status <> 'accepted' GROUP BY 1`,
    [startedAt],
  );
  const probeBySlice = new Map(probes.rows.map((row) => [row.slice, `${row.p50} / ${row.p99}`]));
  const labels = [...new Set(cpu.flatMap((slice) => Object.keys(slice.mainThread)))];
  const headings = ['seconds', 'accepted', 'rendered', 'messages sent', 'email', 'SMS', 'WhatsApp', 'single documents rendered p50 / p99 ms', 'cores busy', 'PostgreSQL cores', ...labels.flatMap((label) => [`${label} main thread`, `waiting for a core`])];
  console.log(`| ${headings.join(' | ')} |\n|${headings.map(() => '---:|').join('')}`);
  for (const row of rows) {
    const slice = cpu[row.slice];
    const threads = labels.flatMap((label): Array<number | string> => (slice ? [slice.mainThread[label] ?? '', slice.mainThreadWaiting[label] ?? ''] : ['', '']));
    const usage = [slice?.machineCores ?? '', slice?.postgresCores ?? '', ...threads];
    console.log(`| ${row.slice * 5}–${row.slice * 5 + 5} | ${row.accepted} | ${row.rendered} | ${row.sent} | ${row.email} | ${row.sms} | ${row.whatsapp} | ${probeBySlice.get(row.slice) ?? ''} | ${usage.join(' | ')} |`);
  }
}

/**
 * What PostgreSQL wrote to its WAL since `start`, by kind of record: full-page images and TOAST
 * show up here, not as statements. A long run outlives its first WAL segments (checkpoints
 * recycle them), and the WAL is not kept back for this reading, since that would change the
 * run it measures: then there is nothing to report.
 */
async function walByKindSince(db: Client, start: string, accepted: number): Promise<RunResult['walByKind']> {
  try {
    const wal = await db.query<{ kind: string; records: string; record_size: string; fpi_size: string }>(
      `SELECT "resource_manager/record_type" AS kind, count AS records, record_size, fpi_size FROM pg_get_wal_stats($1::pg_lsn, pg_current_wal_lsn()) WHERE count > 0 ORDER BY record_size + fpi_size DESC`,
      [start],
    );
    return wal.rows.map((row) => ({ kind: row.kind, recordsPerDocument: round(Number(row.records) / accepted, 2), recordKbPerDocument: round(Number(row.record_size) / 1024 / accepted, 2), fullPageKbPerDocument: round(Number(row.fpi_size) / 1024 / accepted, 2) }));
  } catch (error) {
    // undefined_file: the segment holding the run's start has been recycled.
    if ((error as { code?: string }).code !== '58P01') throw error;
    console.error('WAL by kind of record: not reported, the run outlived its first WAL segments');
    return undefined;
  }
}

async function databaseStats(db: Client): Promise<{ xact: number; inserted: number; updated: number; deleted: number; walBytes: number }> {
  // The statistics are sent at the end of each transaction, at most every second: wait for them to settle.
  await sleep(1100);
  const settled = (
    await db.query(`SELECT xact_commit + xact_rollback AS xact, tup_inserted AS inserted, tup_updated AS updated, tup_deleted AS deleted FROM pg_stat_database WHERE datname = 'ccm'`)
  ).rows[0];
  const wal = (await db.query(`SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::float8 AS bytes`)).rows[0];
  return { xact: Number(settled.xact), inserted: Number(settled.inserted), updated: Number(settled.updated), deleted: Number(settled.deleted), walBytes: Number(wal.bytes) };
}

type TableWrites = Map<string, { inserted: number; updated: number; hotUpdated: number }>;

/**
 * Rows each table has had inserted and updated so far; a TOAST table is named after the table it
 * holds values of. A session reports its counts within a second of a transaction, or when it next
 * goes idle for long: read after `databaseStats` has waited, a short run still misses a little.
 */
async function tableWrites(db: Client): Promise<TableWrites> {
  const { rows } = await db.query<{ name: string; inserted: string; updated: string; hot: string }>(
    `SELECT COALESCE(owner.relname || ' (TOAST)', s.schemaname || '.' || s.relname) AS name, s.n_tup_ins AS inserted, s.n_tup_upd AS updated, s.n_tup_hot_upd AS hot
       FROM pg_stat_all_tables s LEFT JOIN pg_class owner ON owner.reltoastrelid = s.relid
      WHERE s.schemaname NOT IN ('pg_catalog', 'information_schema')`,
  );
  return new Map(rows.map((row) => [row.name, { inserted: Number(row.inserted), updated: Number(row.updated), hotUpdated: Number(row.hot) }]));
}

/** What the run wrote to each table per document, the tables it wrote most to first. */
function rowsByTableBetween(before: TableWrites, after: TableWrites, documents: number): NonNullable<RunResult['rowsByTable']> {
  const perDocument = (now: number, then = 0) => round((now - then) / documents, 2);
  return [...after]
    .map(([table, rows]) => {
      const was = before.get(table);
      return { table, insertedPerDocument: perDocument(rows.inserted, was?.inserted), updatedPerDocument: perDocument(rows.updated, was?.updated), hotUpdatedPerDocument: perDocument(rows.hotUpdated, was?.hotUpdated) };
    })
    .filter((row) => row.insertedPerDocument > 0 || row.updatedPerDocument > 0)
    .sort((a, b) => b.insertedPerDocument + b.updatedPerDocument - (a.insertedPerDocument + a.updatedPerDocument));
}

async function waitFor(db: Client, done: () => Promise<boolean>, processes: readonly NodeProcess[], timeoutMs = 3_600_000, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const gone = processes.find((process) => process.exited());
    if (gone) throw new Error(`a platform or worker process exited during the run:\n${gone.tail()}`);
    if (await done()) return;
    await sleep(everyMs);
  }
  throw new Error(`the run did not finish within ${timeoutMs / 1000} s`);
}

function summaryLine(result: RunResult): string {
  const roles = result.postgresCpuMsPerDocument;
  const postgresRoles = roles ? ` (sessions ${roles.sessions.toFixed(1)}, autovacuum ${roles.autovacuum.toFixed(1)}, upkeep ${roles.upkeep.toFixed(1)})` : '';
  const cpu = Object.entries(result.cpuSecondsPerDocument)
    .map(([group, s]) => `${group} ${(s * 1000).toFixed(1)}${group === 'postgres' ? postgresRoles : ''}`)
    .join(', ');
  return `| ${result.app} | ${result.options.queue} | ${result.round} | ${result.documentsPerSecond} | ${result.intakeDocumentsPerSecond} | ${result.intakeToRenderedMs.p50} / ${result.intakeToRenderedMs.p99} | ${result.intakeToEmailMs.p50} / ${result.intakeToEmailMs.p99} | ${
    result.intakeToSentMs ? `${result.intakeToSentMs.p50} / ${result.intakeToSentMs.p99}` : '–'
  }${result.onDemandMs ? ` (on demand p50 / p99 ${result.onDemandMs.p50} / ${result.onDemandMs.p99} ms, of which the POST ${result.onDemandMs.postP50} / ${result.onDemandMs.postP99}, ${result.onDemandMs.count} probes)` : ''} | ${Object.entries(result.peakRssMbByProcess).map(([label, mb]) => `${label} ${mb}`).join(', ')} | ${cpu} | ${result.perDocument.transactions} | ${result.perDocument.statements ?? '–'} | ${result.refused + result.renderFailed} |`;
}

/** `--matrix`: 1 and 2 worker processes, without and with PDF, each one CLI batch with dispatch. */
function matrixOptions(options: Options): Options[] {
  return [
    { workers: 1, pdf: false },
    { workers: 2, pdf: false },
    { workers: 1, pdf: true },
    { workers: 2, pdf: true },
  ].map((config) => ({ ...options, ...config, batch: true, dispatch: true }));
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const results: RunResult[] = [];
  const configurations = options.queues.flatMap((queue) => (options.matrix ? matrixOptions(options) : [options]).map((configuration) => ({ ...configuration, queue })));
  for (let roundNumber = 1; roundNumber <= options.rounds; roundNumber += 1) {
    for (const app of options.apps) {
      for (const configuration of configurations) {
        const result = await oneRun(app, roundNumber, configuration);
        results.push(result);
        console.log(JSON.stringify(result));
      }
    }
  }
  const folder = path.resolve(__dirname, '../../bench/results');
  mkdirSync(folder, { recursive: true });
  const at = new Date().toISOString();
  const cores = (await import('node:os')).cpus().length;
  const pdfReference = results.some((result) => result.options.pdf) ? await comparedWithPdfBench(results) : undefined;
  if (options.matrix) {
    printMatrix(options.count, results);
    if (pdfReference) printPdfReference(results, pdfReference);
    writeFileSync(path.join(folder, 'billing-run.json'), `${JSON.stringify({ at, cores, options, matrix: true, results, pdfReference }, null, 2)}\n`);
    return;
  }
  console.log(`\n${options.count} invoices, ${options.pdf ? 'email+PDF+SMS+WhatsApp' : 'email+SMS+WhatsApp'}${options.dispatch ? ', dispatched' : ''}${options.batch ? ', one batch through the CLI' : `, ${options.concurrency} in flight`}${options.workers ? `, API + ${options.workers} worker process(es)` : ''}${Object.keys(options.pgSettings).length ? `, PostgreSQL with ${Object.entries(options.pgSettings).map(([name, value]) => `${name}=${value}`).join(', ')}` : ''}`);
  console.log('| checkout | queue | round | documents/s end to end | intake docs/s | intake→rendered p50 / p99 ms | intake→email ready p50 / p99 ms | intake→sent p50 / p99 ms | peak RSS MB per process | CPU ms per document | transactions per document | statements per document | refused or failed |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|');
  for (const result of results) console.log(summaryLine(result));
  if (pdfReference) printPdfReference(results, pdfReference);
  writeFileSync(path.join(folder, 'billing-run.json'), `${JSON.stringify({ at, cores, options, results, pdfReference }, null, 2)}\n`);
}

/** With a PDF: `npm run bench`'s PDF rate, measured now that the runs are over, to set their PDFs/s against. */
async function comparedWithPdfBench(results: readonly RunResult[]): Promise<PdfReference> {
  console.error(`measuring the PDF rate of npm run bench (pool of the platform's defaults, one warm page) to compare with ${results.length > 1 ? 'these runs' : 'this run'}…`);
  return measurePdfReference();
}

function printPdfReference(results: readonly RunResult[], reference: PdfReference): void {
  console.log(
    `\nnpm run bench's PDF rate, same invocation: pool of ${reference.pages} pages with ${reference.inFlight} in flight ${reference.poolPerSecond} PDFs/s, one warm page ${reference.singlePagePerSecond} PDFs/s (pool ${round(reference.poolPerSecond / reference.singlePagePerSecond)}×)`,
  );
  for (const result of results.filter((one) => one.options.pdf && one.pdfsPerSecond !== undefined)) {
    console.log(
      `- ${result.app}${result.options.workers ? `, ${result.options.workers} worker(s)` : ''}, round ${result.round}: ${result.pdfsPerSecond} PDFs/s end to end = ${round(result.pdfsPerSecond! / reference.poolPerSecond)}× the pool alone, ${round(result.pdfsPerSecond! / reference.singlePagePerSecond)}× one warm page`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
