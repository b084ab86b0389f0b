import { accessSync, constants } from 'node:fs';
import { executablePath as puppeteerExecutablePath } from 'puppeteer';
import { DomainError } from '@app/kernel';

/** Debian's package; puppeteer's own download cannot run on our hosts. */
export const SYSTEM_CHROMIUM_PATH = '/usr/bin/chromium';

export interface ExecutableProbe {
  isExecutable(path: string): boolean;
  /** Where puppeteer would keep the browser it downloads, whether or not it did. */
  puppeteerBrowserPath(): Promise<string>;
}

const realProbe: ExecutableProbe = {
  isExecutable(path) {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
  puppeteerBrowserPath: () => puppeteerExecutablePath(),
};

/**
 * Picks the Chromium binary: the configured path (CHROMIUM_PATH or
 * PUPPETEER_EXECUTABLE_PATH, read by the caller's config), else the browser puppeteer
 * downloaded if it exists, else Debian's. A configured path that does not exist is an
 * error rather than a silent fallback: an operator who set it expects it to be used.
 */
export async function resolveChromiumExecutable(
  configured?: string,
  probe: ExecutableProbe = realProbe,
): Promise<string> {
  if (configured) {
    if (probe.isExecutable(configured)) return configured;
    throw new DomainError('unavailable', `Configured Chromium executable ${configured} does not exist or is not executable`);
  }
  const tried: string[] = [];
  try {
    const downloaded = await probe.puppeteerBrowserPath();
    tried.push(downloaded);
    if (probe.isExecutable(downloaded)) return downloaded;
  } catch {
    // puppeteer throws when it has no browser configured for this platform; fall through.
  }
  tried.push(SYSTEM_CHROMIUM_PATH);
  if (probe.isExecutable(SYSTEM_CHROMIUM_PATH)) return SYSTEM_CHROMIUM_PATH;
  throw new DomainError(
    'unavailable',
    `No Chromium found (tried ${tried.join(', ')}); install the chromium package or set CHROMIUM_PATH`,
    [],
    { tried },
  );
}
