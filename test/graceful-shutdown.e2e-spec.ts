import { fixture } from './support/fixtures';
import { PlatformProcess } from './support/platform-process';
import { createTestDatabase } from './support/test-database';
import { ADMIN_KEY } from './support/test-platform';

/** SIGTERM lets the request in progress finish with a real answer, then the process exits cleanly. */
describe('graceful shutdown (e2e, separate process)', () => {
  it('answers the request in flight and exits with 0', async () => {
    const platform = new PlatformProcess(await PlatformProcess.freePort(), {
      DATABASE_URL: await createTestDatabase(),
      CCM_ADMIN_KEY: ADMIN_KEY,
      CCM_SECRET: 'shutdown-test-signing-secret-0123456789abcdef',
      // No worker: the rendition stays pending, so the GET below waits its full bound.
      CCM_PROCESSES: 'api',
      CCM_RENDITION_WAIT_MS: '1500',
    });
    await platform.start();
    const headers = { Authorization: `Bearer ${ADMIN_KEY}`, 'Content-Type': 'application/json' };
    const created = await fetch(`${platform.url}/v1/documents`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ ...fixture('invoice-en-us.json'), channels: ['email'] }),
    });
    const { id } = (await created.json()) as { id: string };

    const inFlight = fetch(`${platform.url}/v1/documents/${id}/renditions/email`, { headers });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const exit = platform.kill('SIGTERM');
    const response = await inFlight;
    expect(response.status).toBe(503);
    expect(((await response.json()) as { code: string }).code).toBe('rendition_pending');
    expect(await exit).toBe(0);
  }, 60_000);
});
