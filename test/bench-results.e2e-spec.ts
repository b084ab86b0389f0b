import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { matrixTable, MatrixRun } from '../bench/matrix-table';
import { publishResults } from '../bench/results-file';
import { REPO_ROOT } from './support/fixtures';

const RESULTS_DIR = path.join(REPO_ROOT, 'bench/results');

/** `npm run bench` as built (`dist/`), with the environment given. */
async function runBench(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'dist/bench/run.js')], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', TMPDIR: tmpdir(), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stderr };
}

function snapshot(file: string): { content: string; modified: number } {
  return { content: readFileSync(file, 'utf8'), modified: statSync(file).mtimeMs };
}

describe('benchmark results', () => {
  it('a run that fails exits non-zero, says so, and leaves the last results untouched', async () => {
    const before = ['latest.json', 'latest.md'].map((name) => snapshot(path.join(RESULTS_DIR, name)));

    // A "browser" that exits at once: the run cannot measure PDFs.
    const { code, stderr } = await runBench({ CHROMIUM_PATH: '/bin/false' });

    expect(code).not.toBe(0);
    expect(stderr).toContain('bench failed');
    expect(stderr).toContain('were not updated');
    expect(['latest.json', 'latest.md'].map((name) => snapshot(path.join(RESULTS_DIR, name)))).toEqual(before);
    expect(readdirSync(RESULTS_DIR).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  }, 120_000);

  it('a finished run replaces both files, leaving nothing half-written beside them', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ccm-bench-results-'));
    try {
      writeFileSync(path.join(dir, 'latest.json'), '{"date":"an older run"}\n');
      await publishResults(dir, { 'latest.json': '{"date":"this run"}\n', 'latest.md': '# this run\n' });
      expect(readFileSync(path.join(dir, 'latest.json'), 'utf8')).toBe('{"date":"this run"}\n');
      expect(readFileSync(path.join(dir, 'latest.md'), 'utf8')).toBe('# this run\n');
      expect(readdirSync(dir).sort()).toEqual(['latest.json', 'latest.md']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the billing-run matrix puts each configuration beside the one a step back, with the ratio', () => {
    const run = (workers: number, pdf: boolean, documentsPerSecond: number, workerCpu: number): MatrixRun => ({
      options: { workers, pdf },
      documentsPerSecond,
      ...(pdf ? { pdfsPerSecond: documentsPerSecond } : {}),
      intakeToSentMs: { p50: 1000, p99: 2000 },
      intakeToRenderedMs: { p50: 500, p99: 900 },
      peakRssMbByProcess: Object.fromEntries([['platform', 300], ...Array.from({ length: workers }, (_, i) => [`worker-${i + 1}`, 350] as const)]),
      memoryFlatness: Object.fromEntries(Array.from({ length: workers }, (_, i) => [`worker-${i + 1}`, { ratio: 1 + i / 10 }])),
      cpuSecondsPerDocument: { platform: 0.005, postgres: 0.03, ...Object.fromEntries(Array.from({ length: workers }, (_, i) => [`worker-${i + 1}`, workerCpu])) },
      refused: 0,
      renderFailed: 0,
    });
    const table = matrixTable([run(1, false, 10, 0.04), run(2, false, 15, 0.025), run(1, true, 2, 0.06), run(2, true, 3, 0.04)]).split('\n');

    expect(table[0]).toBe('| | 1 worker | 2 workers (× vs 1 worker) | 1 worker + PDF (× vs 1 worker) | 2 workers + PDF (× vs 1 worker + PDF) |');
    expect(table).toContain('| documents/s end to end | 10.0 | 15.0 (1.50×) | 2.0 (0.20×) | 3.0 (1.50×) |');
    expect(table).toContain('| PDFs/s | – | – | 2.0 | 3.0 (1.50×) |');
    expect(table).toContain('| CPU ms/doc workers (all) | 40.0 | 50.0 (1.25×) | 60.0 (1.50×) | 80.0 (1.33×) |');
    expect(table).toContain('| worker memory flatness (last/first quarter, worst) | 1.000 | 1.100 (1.10×) | 1.000 (1.00×) | 1.100 (1.10×) |');
  });
});
