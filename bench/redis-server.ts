import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { freePort } from './free-port';

/**
 * A Redis of the run's own for `--queue redis`: `redis-server` from the PATH
 * (Debian's `redis-server` package) on a free port of 127.0.0.1, keeping
 * nothing on disk, started fresh for each run like the embedded PostgreSQL, so
 * no job of an earlier run is left in it and its CPU is charged to the run.
 */
export interface BenchRedis {
  readonly pid: number;
  readonly url: string;
  stop(): Promise<void>;
}

const READY = /Ready to accept connections/;
const START_TIMEOUT_MS = 15_000;

export async function startRedis(): Promise<BenchRedis> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start within ${START_TIMEOUT_MS / 1000} s:\n${output.join('')}`)), START_TIMEOUT_MS);
    const settle = (error?: Error) => {
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    };
    child.once('error', (error: NodeJS.ErrnoException) =>
      settle(error.code === 'ENOENT' ? new Error('--queue redis starts redis-server, which is not on the PATH (Debian: apt-get install redis-server)') : error),
    );
    child.once('exit', (code) => settle(new Error(`redis-server exited with code ${code}:\n${output.join('')}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      output.push(chunk.toString());
      if (READY.test(chunk.toString())) settle();
    });
  });
  child.removeAllListeners('exit');
  return { pid: child.pid!, url: `redis://127.0.0.1:${port}`, stop: () => stop(child) };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}
