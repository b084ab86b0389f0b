import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { PortTakenError, startOnFreePort } from './free-port';

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
  if (options.port !== undefined) return startOn(options.port);
  return startOnFreePort(startOn);
}

async function startOn(port: number): Promise<TestRedis> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ccm-test-redis-'));
  const child = spawn(
    REDIS_SERVER_PATH,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--loglevel', 'warning'],
    // Its log goes to stdout: that is where it says why it could not start.
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let failure = '';
  const keep = (chunk: Buffer) => (failure += chunk.toString());
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `redis://127.0.0.1:${port}`;
  await waitUntilAnswering(url, child, () => failure);
  return { url, port, stop: () => stopProcess(child) };
}

async function waitUntilAnswering(url: string, child: ChildProcess, failure: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      const why = `redis-server exited (${child.exitCode}): ${failure()}`;
      throw why.includes('Address already in use') ? new PortTakenError(why) : new Error(why);
    }
    // Bounded: until it binds, whatever else holds the port may accept and never answer.
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 2_000, commandTimeout: 2_000 });
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
