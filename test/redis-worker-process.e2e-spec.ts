import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { WorkerProcess } from './support/faults/worker-process';
import { fixture } from './support/fixtures';
import { PlatformProcess } from './support/platform-process';
import { startTestRedis, TestRedis } from './support/redis-server';
import { createTestDatabase } from './support/test-database';
import { ADMIN_KEY } from './support/test-platform';

/**
 * The built platform as it runs in production on Redis: an API process and a
 * worker process on one database and one Redis, the worker serving its own
 * metrics, both stopping cleanly on SIGTERM.
 */
describe('API and worker processes on the Redis queue (e2e, separate processes)', () => {
  let redis: TestRedis;
  let api: PlatformProcess;
  let worker: WorkerProcess;

  beforeAll(async () => {
    redis = await startTestRedis();
    const common = {
      DATABASE_URL: await createTestDatabase(),
      CCM_ADMIN_KEY: ADMIN_KEY,
      CCM_SECRET: 'redis-process-test-signing-secret-0123456789',
      CCM_QUEUE: 'redis',
      REDIS_URL: redis.url,
    };
    api = new PlatformProcess(await PlatformProcess.freePort(), {
      ...common,
      CCM_PROCESSES: 'api',
      CCM_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'ccm-redis-api-')),
    });
    worker = new WorkerProcess({
      ...common,
      HOST: '127.0.0.1',
      CCM_WORKER_METRICS_PORT: String(await PlatformProcess.freePort()),
      CCM_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'ccm-redis-worker-')),
    });
    await api.start();
    await worker.start();
  }, 180_000);
  afterAll(async () => {
    await worker?.kill('SIGKILL');
    await api?.kill('SIGKILL');
    await redis?.stop();
  });

  it('sends an invoice accepted by the API through the worker, and the worker reports its jobs on its own port', async () => {
    const headers = { Authorization: `Bearer ${ADMIN_KEY}`, 'Content-Type': 'application/json' };
    const created = await fetch(`${api.url}/v1/documents`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ ...fixture('invoice-en-us.json'), externalRef: 'REDIS-PROCESSES-1', channels: ['email'], dispatch: true }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const deadline = Date.now() + 120_000;
    let deliveries: Array<{ status: string }> = [];
    while (!deliveries.some((delivery) => delivery.status === 'sent')) {
      if (Date.now() > deadline) throw new Error(`not sent: ${JSON.stringify(deliveries)}\n${worker.output()}`);
      await sleep(250);
      deliveries = ((await (await fetch(`${api.url}/v1/documents/${id}`, { headers })).json()) as { deliveries?: typeof deliveries }).deliveries ?? [];
    }

    const metrics = await fetch(`http://127.0.0.1:${worker.metricsPort}/metrics`);
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toMatch(/^ccm_job_duration_seconds_count\{queue="render-document",outcome="completed"\} [1-9]/m);
    expect(text).toMatch(/^ccm_job_duration_seconds_count\{queue="dispatch-email",outcome="completed"\} [1-9]/m);
    expect(await (await fetch(`${api.url}/health/ready`)).json()).toEqual({ status: 'ok', database: 'up', queue: 'up', migrations: 'applied' });
  }, 180_000);

  it('stops both processes cleanly on SIGTERM', async () => {
    await worker.kill('SIGTERM');
    expect(worker.output()).toContain('stopped cleanly');
    expect(await api.kill('SIGTERM')).toBe(0);
  }, 90_000);
});
