import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { processTable } from './support/pdf/processes';
import { fixture } from './support/fixtures';
import { PlatformProcess } from './support/platform-process';
import { createTestDatabase } from './support/test-database';
import { ADMIN_KEY } from './support/test-platform';

/** Every living process whose command line names a path inside `dir`: Chromium's own and its helpers'. */
async function processesUsing(dir: string): Promise<string[]> {
  return (await processTable()).filter((row) => row.command.includes(dir) && !row.state.startsWith('Z')).map((row) => row.command);
}

async function eventually(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await sleep(250);
  }
  return condition();
}

/**
 * A platform killed with SIGKILL cannot close its browser. Chromium must go with it (a
 * crash loop would otherwise fill the machine), and the next start clears what is left.
 */
describe('Chromium does not outlive the platform (e2e, separate process)', () => {
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'ccm-chromium-lifetime-'));
    env = {
      DATABASE_URL: await createTestDatabase(),
      CCM_ADMIN_KEY: ADMIN_KEY,
      CCM_SECRET: 'chromium-lifetime-signing-secret-0123456789',
      CCM_DATA_DIR: dataDir,
    };
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('leaves no Chromium running after kill -9, and the next start removes its profile', async () => {
    const platform = new PlatformProcess(await PlatformProcess.freePort(), env);
    await platform.start();
    const auth = { Authorization: `Bearer ${ADMIN_KEY}` };
    const created = await fetch(`${platform.url}/v1/documents`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...fixture('invoice-en-us.json'), externalRef: 'CHROMIUM-LIFETIME', channels: ['pdf'] }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    let pdf: Response | undefined;
    for (let attempt = 0; attempt < 10 && pdf?.status !== 200; attempt += 1) {
      pdf = await fetch(`${platform.url}/v1/documents/${id}/renditions/pdf`, { headers: auth });
    }
    expect(pdf!.status).toBe(200);
    expect((await processesUsing(dataDir)).length).toBeGreaterThan(0);

    await platform.kill('SIGKILL');

    // Generous for a busy machine: Chromium notices its pipe closed within a moment.
    expect(await eventually(async () => (await processesUsing(dataDir)).length === 0, 30_000)).toBe(true);
    expect(readdirSync(path.join(dataDir, 'chromium'))).toHaveLength(1);

    const restarted = new PlatformProcess(await PlatformProcess.freePort(), env);
    await restarted.start();
    try {
      expect(readdirSync(path.join(dataDir, 'chromium'))).toEqual([]);
    } finally {
      await restarted.kill('SIGTERM');
    }
  }, 180_000);
});
