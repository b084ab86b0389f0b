import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, type Browser } from 'puppeteer';

export const DEFAULT_LAUNCH_TIMEOUT_MS = 30_000;
/** A browser that does not close in this time is killed with its whole process group. */
export const BROWSER_CLOSE_TIMEOUT_MS = 5_000;
/** Chromium may still be flushing its profile for a moment after exit. */
const PROFILE_REMOVAL_RETRIES = 5;

export const USER_DATA_DIR_PREFIX = 'ccm-pdf-chromium-';

/**
 * Profiles this process created and has not removed yet. A profile's name carries the pid
 * of the process that launched it, but after a crash a restarted process can get the same
 * pid again (containers start at the same pid), so "ours" is what this set says, not the pid.
 */
export const profilesOfThisProcess = new Set<string>();

/** `ccm-pdf-chromium-<pid of the launching process>-<random>`. */
export function profileOwnerPid(entry: string): number | undefined {
  const match = /^ccm-pdf-chromium-(\d+)-[^/]+$/.exec(entry);
  return match ? Number(match[1]) : undefined;
}

/**
 * Request interception does not see everything: `<link rel=prefetch>` is fetched and
 * `<link rel=preconnect>` / `dns-prefetch` open connections without a request the page
 * can pause. Resolving every host, IP literals included, to "not found" closes that gap
 * below the page level, so nothing leaves the browser even if a request slipped past.
 */
export const NETWORK_DENIAL_ARGS: readonly string[] = ['--host-resolver-rules=MAP * ~NOTFOUND'];

export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  // The container itself is the sandbox; Chromium's needs user namespaces we do not grant.
  '--no-sandbox',
  '--disable-gpu',
  // /dev/shm is 64 MB in containers; Chromium crashes when it fills.
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  ...NETWORK_DENIAL_ARGS,
];

export interface LaunchedChromium {
  readonly browser: Browser;
  readonly pid: number | undefined;
  readonly userDataDir: string;
  /** Closes the browser (killing it if it hangs), reaps every child, removes the profile. */
  dispose(): Promise<void>;
}

/**
 * Starts Chromium with its profile in `profileRoot` (the platform's data directory, so the
 * next start finds what a crashed run left there; the system's temporary folder otherwise).
 */
export async function launchChromium(
  executablePath: string,
  timeoutMs: number = DEFAULT_LAUNCH_TIMEOUT_MS,
  profileRoot: string = tmpdir(),
): Promise<LaunchedChromium> {
  await mkdir(profileRoot, { recursive: true });
  const userDataDir = await mkdtemp(join(profileRoot, `${USER_DATA_DIR_PREFIX}${process.pid}-`));
  profilesOfThisProcess.add(userDataDir);
  let browser: Browser;
  try {
    browser = await launch({
      executablePath,
      headless: true,
      // Over a pipe rather than a WebSocket, Chromium sees its end of the connection close
      // when this process dies, even by SIGKILL, and exits with its helpers; over a socket
      // it kept running, orphaned, holding its memory.
      pipe: true,
      userDataDir,
      args: [...CHROMIUM_ARGS],
      timeout: timeoutMs,
      // The browser gets no secrets from our environment, only what it needs to start:
      // Debian's launcher is a shell script, and the profile dir doubles as HOME.
      env: { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: userDataDir },
      // Shutdown is the application's job (it must finish renders in flight first);
      // puppeteer still kills the browser if this process exits without calling close.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (error) {
    await removeProfile(userDataDir);
    throw error;
  }
  const pid = browser.process()?.pid;
  let disposing: Promise<void> | undefined;
  return {
    browser,
    pid,
    userDataDir,
    dispose: () => (disposing ??= closeBrowser(browser, pid, userDataDir)),
  };
}

async function closeBrowser(browser: Browser, pid: number | undefined, userDataDir: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const closed = await Promise.race([
    browser.close().then(() => true, () => false),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), BROWSER_CLOSE_TIMEOUT_MS))),
  ]);
  clearTimeout(timer);
  if (!closed) browser.process()?.kill('SIGKILL');
  if (pid !== undefined) killProcessGroup(pid);
  await removeProfile(userDataDir);
}

/**
 * puppeteer starts Chromium as the leader of its own process group. When the leader
 * crashed or was killed, its renderers and helpers may outlive it as orphans; signalling
 * the group reaches them. ESRCH means the group is already gone.
 */
export function killProcessGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Nothing left in the group.
  }
}

export async function removeProfile(userDataDir: string): Promise<void> {
  await rm(userDataDir, { recursive: true, force: true, maxRetries: PROFILE_REMOVAL_RETRIES }).catch(() => undefined);
  profilesOfThisProcess.delete(userDataDir);
}
