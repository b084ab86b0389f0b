import { chmodSync, mkdtempSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/**
 * Every temporary file of a test run — the embedded PostgreSQL (about 200 MB), data
 * directories of booted platforms, Chromium profiles, glyph checks — goes into one folder
 * named after the process that runs the suite. Global teardown removes it; the next run's
 * global setup removes the folders of runs whose process is gone (killed, or interrupted
 * before its teardown), never those of a run still going beside it.
 */
export const RUN_FOLDER_PREFIX = 'ccm-test-run-';

/** Creates this run's folder in `root` (the system's temporary folder). */
export function createRunFolder(root: string = tmpdir()): string {
  const folder = mkdtempSync(path.join(root, `${RUN_FOLDER_PREFIX}${process.pid}-`));
  // As root the embedded PostgreSQL runs as the postgres user, which must pass through.
  chmodSync(folder, 0o755);
  return folder;
}

/** The pid of the run that created a folder, from its name. */
export function runFolderOwner(entry: string): number | undefined {
  const match = /^ccm-test-run-(\d+)-[^/]+$/.exec(entry);
  return match ? Number(match[1]) : undefined;
}

/**
 * Removes the folders of dead runs in `root`, first ending what still runs from them
 * (the embedded PostgreSQL of a killed run keeps going without its parent). Returns
 * the folders removed.
 */
export async function removeAbandonedRunFolders(root: string = tmpdir()): Promise<string[]> {
  const abandoned = (await readdir(root).catch(() => [] as string[]))
    .filter((entry) => {
      const owner = runFolderOwner(entry);
      return owner !== undefined && owner !== process.pid && !isRunning(owner);
    })
    .map((entry) => path.join(root, entry));
  if (abandoned.length === 0) return [];
  for (const pid of await processesNaming(abandoned)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  await Promise.all(abandoned.map((folder) => removeRunFolder(folder)));
  return abandoned;
}

export async function removeRunFolder(folder: string): Promise<void> {
  // A server that has just stopped may still be closing files for a moment.
  await rm(folder, { recursive: true, force: true, maxRetries: 5 });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Processes whose command line names a path inside one of `folders` (Linux /proc; elsewhere none). */
async function processesNaming(folders: readonly string[]): Promise<number[]> {
  const pids = (await readdir('/proc').catch(() => [] as string[])).filter((entry) => /^\d+$/.test(entry)).map(Number);
  const found: number[] = [];
  await Promise.all(
    pids.map(async (pid) => {
      if (pid === process.pid) return;
      const args = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
      if (args.some((arg) => folders.some((folder) => arg === folder || arg.includes(`${folder}/`)))) found.push(pid);
    }),
  );
  return found;
}
