import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * A billing run's invoices as a customer sends them: one NDJSON file, uploaded
 * by the built CLI (`ccm batch send`) as a child process, the key in a file
 * (the CLI never takes it on the command line).
 */
export function writeNdjson(file: string, bodies: readonly Record<string, unknown>[]): void {
  writeFileSync(file, bodies.map((body) => JSON.stringify(body)).join('\n') + '\n');
}

export interface CliSend {
  /** The CLI's pid, for sampling it while it runs. */
  readonly pid: number;
  /** Resolves with the lines refused once the CLI has exited (0, or 1 with a failures file). */
  readonly done: Promise<number>;
}

export function sendWithCli(app: string, url: string, key: string, file: string, workDir: string): CliSend {
  const keyFile = path.join(workDir, 'bench.key');
  const failures = path.join(workDir, 'failures.ndjson');
  writeFileSync(keyFile, key, { mode: 0o600 });
  const child = spawn(process.execPath, [path.join(app, 'dist/apps/cli/src/main.js'), 'batch', 'send', file, '--url', url, '--key-file', keyFile, '--failures', failures], {
    cwd: workDir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += String(chunk)));
  child.stderr!.on('data', (chunk) => (output = (output + String(chunk)).slice(-20_000)));
  const done = (async () => {
    const [code] = (await once(child, 'exit')) as [number | null];
    const refused = existsSync(failures) ? readFileSync(failures, 'utf8').split('\n').filter((line) => line.trim()).length : 0;
    if (code === 0 || (code === 1 && refused > 0)) return refused;
    throw new Error(`ccm batch send exited ${code}: ${output.slice(-2_000)}`);
  })();
  return { pid: child.pid!, done };
}
