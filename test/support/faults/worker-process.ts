import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PortTakenError, startOnFreePort } from '../free-port';
import { REPO_ROOT } from '../test-platform';

/** Lines of output kept per process: enough to explain a failed start, bounded over thousands of jobs. */
const KEPT_LINES = 400;

/**
 * The built platform (`dist/`) as a worker-only OS process (`CCM_PROCESSES=worker`):
 * no HTTP, so it is ready when it logs `worker started`. It can be killed and
 * started again any number of times; each start is a fresh process.
 */
export class WorkerProcess {
  private child?: ChildProcess;
  private readonly lines: string[] = [];
  /** Processes started so far, this one included. */
  starts = 0;

  constructor(private readonly env: Record<string, string>) {}

  /** The port of its metrics server (`CCM_WORKER_METRICS_PORT`), if it has one: a new one when the given one was taken. */
  get metricsPort(): number | undefined {
    return this.env.CCM_WORKER_METRICS_PORT === undefined ? undefined : Number(this.env.CCM_WORKER_METRICS_PORT);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get alive(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last lines it wrote, for a failure message. */
  output(): string {
    return this.lines.join('');
  }

  /** Starts it and waits for its readiness line; its metrics server on a new port when its own was taken before it could bind it. */
  async start(timeoutMs = 90_000): Promise<void> {
    const metricsPort = this.metricsPort;
    if (metricsPort === undefined) return this.startOnce(timeoutMs);
    await startOnFreePort(async (port) => {
      this.env.CCM_WORKER_METRICS_PORT = String(port);
      await this.startOnce(timeoutMs);
    }, metricsPort);
  }

  private async startOnce(timeoutMs: number): Promise<void> {
    if (this.alive) throw new Error('worker already running');
    this.lines.length = 0;
    let ready = false;
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'dist/apps/platform/src/main.js')], {
      cwd: REPO_ROOT,
      // LOG_LEVEL info: the readiness line is an info line.
      env: { PATH: process.env.PATH ?? '', TMPDIR: tmpdir(), LOG_LEVEL: 'info', ...this.env, CCM_PROCESSES: 'worker' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.starts++;
    const keep = (chunk: Buffer) => {
      const text = String(chunk);
      if (text.includes('worker started')) ready = true;
      this.lines.push(text);
      if (this.lines.length > KEPT_LINES) this.lines.splice(0, this.lines.length - KEPT_LINES);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const deadline = Date.now() + timeoutMs;
    while (!ready) {
      if (child.exitCode !== null || child.signalCode !== null) {
        const output = this.output();
        throw output.includes('EADDRINUSE') ? new PortTakenError(output) : new Error(`worker exited while starting: ${output}`);
      }
      if (Date.now() > deadline) throw new Error(`worker did not start within ${timeoutMs} ms: ${this.output()}`);
      await sleep(50);
    }
  }

  /** Sends `signal` and resolves once the process is gone. */
  async kill(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    await exited;
  }
}
