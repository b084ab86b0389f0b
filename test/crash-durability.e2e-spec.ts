import { Client } from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { fixture } from './support/fixtures';
import { PlatformProcess } from './support/platform-process';
import { createTestDatabase } from './support/test-database';
import { ADMIN_KEY } from './support/test-platform';

/**
 * The outbox promise: once a document row is committed its render job is
 * committed with it, even when the process is killed with SIGKILL mid-request;
 * and a restart keeps every document and finishes their work.
 */
describe('durability across kill -9 and restart (e2e, separate process)', () => {
  let databaseUrl: string;
  let db: Client;

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
  });
  afterAll(() => db.end());

  it('never leaves a document without its jobs, and a restart renders them all', async () => {
    const env = {
      DATABASE_URL: databaseUrl,
      CCM_ADMIN_KEY: ADMIN_KEY,
      CCM_SECRET: 'crash-test-signing-secret-0123456789abcdef',
      CCM_PROCESSES: 'api',
    };
    const apiOnly = new PlatformProcess(await PlatformProcess.freePort(), env);
    await apiOnly.start();

    const accepted: string[] = [];
    const posts = Array.from({ length: 80 }, async (_, index) => {
      await sleep(index * 4);
      // Email only: this test is about jobs surviving a crash, not about channel cost.
      const body = { ...fixture('invoice-en-us.json'), externalRef: `CRASH-${index}`, channels: ['email'] };
      try {
        const res = await fetch(`${apiOnly.url}/v1/documents`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${ADMIN_KEY}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
        if (res.status === 201) accepted.push(((await res.json()) as { id: string }).id);
      } catch {
        // the process died under this request: it may or may not have committed
      }
    });
    while (accepted.length < 10) await sleep(5);
    await apiOnly.kill('SIGKILL');
    await Promise.all(posts);

    const { rows: documents } = await db.query<{ id: string }>('SELECT id FROM documents');
    const { rows: jobs } = await db.query<{ document_id: string }>(
      `SELECT data->>'documentId' AS document_id FROM pgboss.job WHERE name = 'render-document'`,
    );
    const withJobs = new Set(jobs.map((job) => job.document_id));
    expect(documents.length).toBeGreaterThanOrEqual(accepted.length);
    expect(documents.length).toBeLessThan(80);
    for (const id of accepted) expect(documents.map((d) => d.id)).toContain(id);
    expect(documents.filter((d) => !withJobs.has(d.id))).toEqual([]);
    expect(jobs.length).toBe(documents.length);

    const full = new PlatformProcess(await PlatformProcess.freePort(), { ...env, CCM_PROCESSES: 'api,worker' });
    await full.start();
    try {
      const deadline = Date.now() + 60_000;
      let pending = documents.length;
      while (pending && Date.now() < deadline) {
        await sleep(250);
        ({ rows: [{ pending }] } = await db.query(`SELECT count(*)::int AS pending FROM documents WHERE status = 'accepted'`));
      }
      expect(pending).toBe(0);
      const { rows: statuses } = await db.query(`SELECT DISTINCT status FROM documents`);
      expect(statuses).toEqual([{ status: 'rendered' }]);
      const { rows: [{ count }] } = await db.query('SELECT count(*)::int AS count FROM documents');
      expect(count).toBe(documents.length);
    } finally {
      await full.kill('SIGTERM');
    }
  }, 180_000);
});
