import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';

/** Debian's `redis-server` (package redis-server; `.ci/run` installs it when missing). */
export const REDIS_SERVER_PATH = process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server';

export interface TestRedis {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * A private Redis for one test file: its own process on a free port of
 * 127.0.0.1, nothing saved to disk, its working folder in the run's
 * temporary folder. Whatever Redis the machine runs is left alone.
 */
export async function startTestRedis(options: { port?: number } = {}): Promise<TestRedis> {
  // A port given is one a stopped server had: its clients reconnect to the new one.
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(path.join(tmpdir(), 'ccm-test-redis-'));
  const child = spawn(
    REDIS_SERVER_PATH,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'warning'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let failure = '';
  child.stderr?.on('data', (chunk: Buffer) => (failure += chunk.toString()));
  const url = `redis://127.0.0.1:${port}`;
  await waitUntilAnswering(url, child, () => failure);
  return { url, port, stop: () => stopProcess(child) };
}

async function waitUntilAnswering(url: string, child: ChildProcess, failure: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}): ${failure()}`);
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      if ((await probe.ping()) === 'PONG') return;
    } catch {
      // not listening yet
    } finally {
      probe.disconnect();
    }
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not answer on ${url}: ${failure()}`);
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
