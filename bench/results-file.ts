import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

/**
 * Puts a finished run's files in place of the last run's. Each is written under a
 * temporary name beside its target and renamed over it, so a reader never finds half
 * a file, and nothing is touched before every file is ready: a run that fails before
 * calling this leaves the last results as they were.
 */
export async function publishResults(dir: string, files: Readonly<Record<string, string>>): Promise<void> {
  await mkdir(dir, { recursive: true });
  const staged = await Promise.all(
    Object.entries(files).map(async ([name, content]) => {
      const target = path.join(dir, name);
      const temporary = `${target}.${process.pid}.tmp`;
      await writeFile(temporary, content);
      return { temporary, target };
    }),
  );
  for (const { temporary, target } of staged) await rename(temporary, target);
}

/** The date of the results a failed run leaves in place, for its failure message. */
export async function lastResultsDate(dir: string): Promise<string | undefined> {
  try {
    const { date } = JSON.parse(await readFile(path.join(dir, 'latest.json'), 'utf8')) as { date?: unknown };
    return typeof date === 'string' ? date : undefined;
  } catch {
    return undefined;
  }
}
