import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startEmbeddedPostgres } from '../libs/persistence/src';
import { fixture } from './support/fixtures';
import { PlatformProcess } from './support/platform-process';
import { ADMIN_KEY } from './support/test-platform';

/**
 * The database going away (a restart, a failover) is an outage the API reports
 * as 503 with Retry-After, not a crash; when it is back, everything accepted
 * before is still there and new work is accepted again.
 */
describe('database restart (e2e, separate process)', () => {
  it('answers 503 while the database is down and recovers without losing anything', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ccm-restart-pg-'));
    const port = await PlatformProcess.freePort();
    let database = await startEmbeddedPostgres({ dataDir, port, database: 'ccm' });
    const platform = new PlatformProcess(await PlatformProcess.freePort(), {
      DATABASE_URL: database.url,
      CCM_ADMIN_KEY: ADMIN_KEY,
      CCM_SECRET: 'restart-test-signing-secret-0123456789abcdef',
      CCM_PROCESSES: 'api',
      CCM_RENDITION_WAIT_MS: '0',
    });
    await platform.start();
    const post = (externalRef: string) =>
      fetch(`${platform.url}/v1/documents`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${ADMIN_KEY}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...fixture('invoice-en-us.json'), externalRef, channels: ['email'] }),
      });
    try {
      const before = await post('RESTART-1');
      expect(before.status).toBe(201);
      const { id } = (await before.json()) as { id: string };

      await database.stop();
      const health = await fetch(`${platform.url}/health`);
      expect(health.status).toBe(503);
      const during = await post('RESTART-2');
      expect(during.status).toBe(503);
      expect(during.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(during.headers.get('content-type')).toMatch(/^application\/problem\+json/);

      database = await startEmbeddedPostgres({ dataDir, port, database: 'ccm' });
      let healthy = false;
      for (let attempt = 0; attempt < 50 && !healthy; attempt++) {
        healthy = (await fetch(`${platform.url}/health`)).ok;
        if (!healthy) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(healthy).toBe(true);
      const kept = await fetch(`${platform.url}/v1/documents/${id}`, { headers: { Authorization: `Bearer ${ADMIN_KEY}` } });
      expect(kept.status).toBe(200);
      expect((await post('RESTART-3')).status).toBe(201);
    } finally {
      await platform.kill('SIGTERM');
      await database.stop();
    }
  }, 120_000);
});
