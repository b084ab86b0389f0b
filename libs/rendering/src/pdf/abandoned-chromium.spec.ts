import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { endAbandonedChromium } from './abandoned-chromium';
import { resolveChromiumExecutable } from './chromium-executable';
import { CHROMIUM_ARGS, launchChromium, USER_DATA_DIR_PREFIX } from './chromium-launch';
import { livingPids, processTable } from '../../../../test/support/pdf/processes';

/** A pid no process has any more: that of a child that already exited. */
async function deadPid(): Promise<number> {
  const child = spawn('true');
  await once(child, 'exit');
  return child.pid!;
}

/** Chromium started on its own, as a crashed platform would leave it: no parent that could close it. */
function orphanChromium(executablePath: string, userDataDir: string): ChildProcess {
  const child = spawn(executablePath, [...CHROMIUM_ARGS, `--user-data-dir=${userDataDir}`, '--remote-debugging-port=0', 'about:blank'], {
    detached: true,
    stdio: 'ignore',
    env: { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: userDataDir },
  });
  child.unref();
  return child;
}

async function processesNaming(dir: string): Promise<number[]> {
  return (await processTable()).filter((row) => row.command.includes(dir) && !row.state.startsWith('Z')).map((row) => row.pid);
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('endAbandonedChromium', () => {
  let executablePath: string;
  let profileRoot: string;

  beforeAll(async () => {
    executablePath = await resolveChromiumExecutable();
  });
  beforeEach(async () => {
    profileRoot = await mkdtemp(join(tmpdir(), 'ccm-profiles-'));
  });
  afterEach(async () => {
    await rm(profileRoot, { recursive: true, force: true });
  });

  it('ends the browser of a process that died and removes its profile', async () => {
    const abandoned = join(profileRoot, `${USER_DATA_DIR_PREFIX}${await deadPid()}-abc123`);
    await mkdir(abandoned);
    orphanChromium(executablePath, abandoned);
    await waitFor(async () => (await processesNaming(abandoned)).length > 1);
    const tree = await processesNaming(abandoned);

    expect(await endAbandonedChromium(profileRoot)).toBeGreaterThan(0);

    await waitFor(async () => (await livingPids(tree)).length === 0);
    expect(await processesNaming(abandoned)).toEqual([]);
    expect(existsSync(abandoned)).toBe(false);
  });

  it('leaves the browsers of living processes alone, this one included', async () => {
    // The parent of this test process is alive; so is the browser this process launched.
    const ofLivingProcess = join(profileRoot, `${USER_DATA_DIR_PREFIX}${process.ppid}-def456`);
    await mkdir(ofLivingProcess);
    const other = orphanChromium(executablePath, ofLivingProcess);
    const ours = await launchChromium(executablePath, undefined, profileRoot);
    try {
      await waitFor(async () => (await processesNaming(ofLivingProcess)).length > 0);

      expect(await endAbandonedChromium(profileRoot)).toBe(0);

      expect((await livingPids([other.pid!, ours.pid!])).sort()).toEqual([other.pid!, ours.pid!].sort());
      expect(existsSync(ofLivingProcess)).toBe(true);
      expect(existsSync(ours.userDataDir)).toBe(true);
      expect((await ours.browser.newPage()).isClosed()).toBe(false);
    } finally {
      await ours.dispose();
      process.kill(-other.pid!, 'SIGKILL');
    }
  });
});
