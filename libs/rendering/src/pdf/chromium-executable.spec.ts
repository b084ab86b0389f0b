import { DomainError } from '@app/kernel';
import { resolveChromiumExecutable, SYSTEM_CHROMIUM_PATH, type ExecutableProbe } from './chromium-executable';

const DOWNLOADED = '/home/app/.cache/puppeteer/chrome/linux-156/chrome-linux64/chrome';

function probe(existing: string[], puppeteerPath: () => Promise<string> = async () => DOWNLOADED): ExecutableProbe {
  return { isExecutable: (path) => existing.includes(path), puppeteerBrowserPath: puppeteerPath };
}

describe('resolveChromiumExecutable', () => {
  it('uses the configured path first', async () => {
    await expect(resolveChromiumExecutable('/opt/chromium/chrome', probe(['/opt/chromium/chrome', DOWNLOADED]))).resolves.toBe(
      '/opt/chromium/chrome',
    );
  });

  it('refuses a configured path that does not exist instead of silently using another browser', async () => {
    await expect(resolveChromiumExecutable('/opt/missing', probe([SYSTEM_CHROMIUM_PATH]))).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringContaining('/opt/missing'),
    });
  });

  it("prefers puppeteer's downloaded browser when it is there", async () => {
    await expect(resolveChromiumExecutable(undefined, probe([DOWNLOADED, SYSTEM_CHROMIUM_PATH]))).resolves.toBe(DOWNLOADED);
  });

  it("falls back to Debian's chromium when puppeteer downloaded nothing or cannot tell", async () => {
    await expect(resolveChromiumExecutable(undefined, probe([SYSTEM_CHROMIUM_PATH]))).resolves.toBe(SYSTEM_CHROMIUM_PATH);
    const throwing = probe([SYSTEM_CHROMIUM_PATH], () => Promise.reject(new Error('no browser for this platform')));
    await expect(resolveChromiumExecutable(undefined, throwing)).resolves.toBe(SYSTEM_CHROMIUM_PATH);
  });

  it('says what it tried when no browser exists', async () => {
    const failure = await resolveChromiumExecutable(undefined, probe([])).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DomainError);
    expect((failure as DomainError).message).toContain(DOWNLOADED);
    expect((failure as DomainError).message).toContain(SYSTEM_CHROMIUM_PATH);
    expect((failure as DomainError).message).toContain('CHROMIUM_PATH');
  });
});
