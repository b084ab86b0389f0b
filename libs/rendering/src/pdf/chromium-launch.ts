import { mkdtemp, rm } from 'node:fs/promises';
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

export async function launchChromium(
  executablePath: string,
  timeoutMs: number = DEFAULT_LAUNCH_TIMEOUT_MS,
): Promise<LaunchedChromium> {
  const userDataDir = await mkdtemp(join(tmpdir(), USER_DATA_DIR_PREFIX));
  let browser: Browser;
  try {
    browser = await launch({
      executablePath,
      headless: true,
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
function killProcessGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Nothing left in the group.
  }
}

async function removeProfile(userDataDir: string): Promise<void> {
  await rm(userDataDir, { recursive: true, force: true, maxRetries: PROFILE_REMOVAL_RETRIES }).catch(() => undefined);
}
