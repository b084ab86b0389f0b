import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, PortTakenError, startOnFreePort } from './free-port';
import { REPO_ROOT } from './test-platform';

/** The built platform (`dist/`) as a separate OS process, for crash and restart tests. */
export class PlatformProcess {
  private child?: ChildProcess;
  readonly output: string[] = [];

  constructor(
    private currentPort: number,
    private readonly env: Record<string, string>,
  ) {}

  /** The port it listens on: a new one when the one it was given was taken before it could bind. */
  get port(): number {
    return this.currentPort;
  }

  static freePort(): Promise<number> {
    return freePort();
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts it and waits until it is healthy; on a new port when its own was taken before it could bind it. */
  async start(): Promise<void> {
    await startOnFreePort(async (port) => {
      this.currentPort = port;
      await this.startOnce();
    }, this.currentPort);
  }

  private async startOnce(): Promise<void> {
    // This start's own lines: an earlier start's EADDRINUSE must not explain this one's exit.
    const firstLine = this.output.length;
    this.child = spawn(process.execPath, [path.join(REPO_ROOT, 'dist/apps/platform/src/main.js')], {
      cwd: REPO_ROOT,
      // TMPDIR keeps its temporary files in the test run's folder, which teardown removes.
      env: { PATH: process.env.PATH ?? '', TMPDIR: tmpdir(), HOST: '127.0.0.1', PORT: String(this.port), LOG_LEVEL: 'warn', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (chunk) => this.output.push(String(chunk)));
    this.child.stderr!.on('data', (chunk) => this.output.push(String(chunk)));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) {
        const output = this.output.slice(firstLine).join('');
        throw output.includes('EADDRINUSE') ? new PortTakenError(output) : new Error(`platform exited: ${output}`);
      }
      try {
        // Bounded: until it binds, whatever else holds the port may accept and never answer.
        if ((await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(5_000) })).ok) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new Error(`platform did not become healthy: ${this.output.join('')}`);
  }

  /** Sends `signal` and resolves with the exit code once the process is gone (null when a signal ended it). */
  async kill(signal: NodeJS.Signals): Promise<number | null> {
    const child = this.child;
    if (!child) return null;
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    const exited = once(child, 'exit') as Promise<[number | null]>;
    child.kill(signal);
    const [code] = await exited;
    return code;
  }
}
