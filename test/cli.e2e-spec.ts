import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fixture, REPO_ROOT } from './support/fixtures';
import { startTestPlatform, TestPlatform } from './support/test-platform';

/** The built CLI (`npm run build`), as `ccm` runs from the package's bin. */
const CLI = path.join(REPO_ROOT, 'dist/apps/cli/src/main.js');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `ccm` as a child process with pipes for stdout and stderr — no terminal,
 * as in CI or a cron job. Asynchronous: the platform answering it runs in this process.
 */
async function ccm(cwd: string, ...args: string[]): Promise<Run> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH ?? '', HOME: cwd }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

function invoice(externalRef: string, extra: Record<string, unknown> = {}): Record<string, any> {
  return { ...fixture('invoice-en-us.json'), externalRef, channels: ['email'], ...extra };
}

const ndjson = (lines: readonly unknown[]) => lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + '\n';

/** A row of the summary `console.table` prints: `│ name │ value │`. */
const row = (name: string, value: number | string) => new RegExp(`│\\s*${name}\\s*│\\s*${value}\\s*│`);

describe('ccm, the command line (e2e)', () => {
  let platform: TestPlatform;
  let url: string;
  let dir: string;

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
    platform = await startTestPlatform();
    const server = (await platform.app.listen(0, '127.0.0.1')) as Server;
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = mkdtempSync(path.join(tmpdir(), 'ccm-cli-'));
    writeFileSync(path.join(dir, '.ccm-key'), `${await platform.keyFor('billing')}\n`, { mode: 0o600 });
  });
  afterAll(async () => {
    await platform?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('sends a file with refused lines: summary table, a failures file with line numbers and pointers, exit 1', async () => {
    const unbalanced = invoice('CLI-UNBALANCED');
    unbalanced.data.invoice.total = '999999.99';
    writeFileSync(
      path.join(dir, 'mixed.ndjson'),
      ndjson([invoice('CLI-1'), '{not json', invoice('CLI-2'), invoice('CLI-FAX', { channels: ['email', 'fax'] }), unbalanced, invoice('CLI-3')]),
    );

    const run = await ccm(dir, 'batch', 'send', 'mixed.ndjson', '--url', url, '--failures', 'refused.ndjson');

    expect(run.code).toBe(1);
    const id = /batch ([0-9a-f-]{36})/.exec(run.stdout)?.[1];
    expect(id).toBeDefined();
    expect(run.stdout).toMatch(row('lines', 6));
    expect(run.stdout).toMatch(row('accepted', 3));
    expect(run.stdout).toMatch(row('refused', 3));
    expect(run.stderr).toContain('3 line(s) refused: see refused.ndjson');
    // Without a terminal the progress is plain lines on stderr: no cursor movement, nothing on stdout.
    expect(run.stderr).not.toContain('\u001b[');
    expect(run.stdout).not.toContain('\u001b[');
    expect(run.stdout).not.toMatch(/lines\/s/);

    const failures = readFileSync(path.join(dir, 'refused.ndjson'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(failures.map((failure) => failure.line)).toEqual([2, 4, 5]);
    expect(failures.every((failure) => failure.status === 'refused')).toBe(true);
    expect(failures[0]).toMatchObject({ line: 2, code: 'validation_failed' });
    expect(failures[1]).toMatchObject({ line: 4, code: 'validation_failed', errors: [expect.objectContaining({ pointer: expect.stringMatching(/^\/channels/) })] });
    expect(failures[2]).toMatchObject({ line: 5, code: 'reconciliation_failed' });
    expect(failures[2].errors.length).toBeGreaterThan(0);
  }, 120_000);

  it('sends a clean file and exits 0, writing no failures file; `batch status` prints the counts', async () => {
    writeFileSync(path.join(dir, 'clean.ndjson'), ndjson([invoice('CLI-CLEAN-1'), invoice('CLI-CLEAN-2')]));

    const run = await ccm(dir, 'batch', 'send', 'clean.ndjson', '--url', url, '--failures', 'clean-refused.ndjson');

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(row('lines', 2));
    expect(run.stdout).toMatch(row('accepted', 2));
    expect(run.stdout).toMatch(row('refused', 0));
    expect(existsSync(path.join(dir, 'clean-refused.ndjson'))).toBe(false);
    const id = /batch ([0-9a-f-]{36})/.exec(run.stdout)![1];

    // Once both are rendered the status says so, counts and completion.
    const until = Date.now() + 90_000;
    let status: Run;
    for (;;) {
      status = await ccm(dir, 'batch', 'status', id, '--url', url);
      expect(status.code).toBe(0);
      if (status.stdout.includes('completed')) break;
      if (Date.now() > until) throw new Error(`batch ${id} never completed: ${status.stdout}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(status.stdout).toMatch(row('accepted', 2));
    expect(status.stdout).toMatch(row('rendered', 2));
    expect(status.stdout).toMatch(row('refused', 0));
    expect(status.stdout).toMatch(/completed \d{4}-\d{2}-\d{2}T/);
  }, 150_000);

  it('says so and exits 2 for an unknown batch', async () => {
    const run = await ccm(dir, 'batch', 'status', '00000000-0000-4000-8000-000000000000', '--url', url);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^404/);
  }, 60_000);
});
