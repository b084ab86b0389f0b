import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { killProcessGroup, profileOwnerPid, profilesOfThisProcess, removeProfile } from './chromium-launch';
import { silentPdfLogger, type PdfLogger } from './pdf-log';

/**
 * Ends the Chromium processes and removes the profiles that an earlier process left in
 * `profileRoot` when it died without closing its browser (SIGKILL, out of memory, power).
 * The pipe to the browser normally takes Chromium down with its parent; this catches the
 * rest, such as a browser that was hung when its parent died.
 *
 * Only profiles whose launching process is gone are touched, so processes sharing one data
 * directory (an API and a worker) never end each other's browsers. A process counts as that
 * profile's Chromium only when its command line names the profile, so a pid that has since
 * been reused by something else is left alone. Returns how many processes were ended.
 */
export async function endAbandonedChromium(profileRoot: string, log: PdfLogger = silentPdfLogger): Promise<number> {
  const entries = await readdir(profileRoot).catch(() => [] as string[]);
  const abandoned = entries
    .filter((entry) => {
      const owner = profileOwnerPid(entry);
      return owner !== undefined && !profilesOfThisProcess.has(join(profileRoot, entry)) && !isRunning(owner);
    })
    .map((entry) => join(profileRoot, entry));
  if (abandoned.length === 0) return 0;

  const ended = await processesNaming(abandoned);
  for (const pid of ended) {
    // Chromium's main process leads a process group holding its helpers; the crash reporter
    // runs outside that group but names the profile, so it is in `ended` itself.
    killProcessGroup(pid);
    killProcess(pid);
  }
  await Promise.all(abandoned.map((dir) => removeProfile(dir)));
  log({
    level: 'warn',
    event: 'abandoned_browser_ended',
    message: 'Ended the PDF browser of a process that died without closing it',
    details: { profiles: abandoned.length, processes: ended.length },
  });
  return ended.length;
}

/**
 * Whether the process that launched a profile still runs. This process can carry the pid of
 * a dead predecessor, and profiles it launched itself are excluded before this is asked.
 */
function isRunning(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists and belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Processes whose command line names one of `dirs` (as an argument or inside one). Linux only; elsewhere none. */
async function processesNaming(dirs: readonly string[]): Promise<number[]> {
  const pids = (await readdir('/proc').catch(() => [] as string[])).filter((entry) => /^\d+$/.test(entry)).map(Number);
  const found: number[] = [];
  await Promise.all(
    pids.map(async (pid) => {
      if (pid === process.pid) return;
      const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
      const args = cmdline.split('\0');
      if (args.some((arg) => dirs.some((dir) => names(arg, dir)))) found.push(pid);
    }),
  );
  return found;
}

function names(arg: string, dir: string): boolean {
  return arg === dir || arg.endsWith(`=${dir}`) || arg.includes(`${dir}/`);
}

function killProcess(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
