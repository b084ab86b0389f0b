import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fixture, REPO_ROOT } from './support/fixtures';
import { startTestRedis, TestRedis } from './support/redis-server';
import { ADMIN_KEY, startTestPlatform, TestPlatform } from './support/test-platform';

async function poll<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** A metric's sample with exactly these labels, from Prometheus text. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)\{([^}]*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = match[2].split(',');
    if (wanted.every((label) => have.includes(label)) && have.length === wanted.length) return Number(match[3]);
  }
  return undefined;
}

describe('the platform on the Redis job queue, with its metrics and health (e2e)', () => {
  let redis: TestRedis;
  let platform: TestPlatform;
  let billing: string;
  let documentId: string;
  const auth = () => ({ Authorization: `Bearer ${billing}` });

  beforeAll(async () => {
    redis = await startTestRedis();
    platform = await startTestPlatform({ CCM_QUEUE: 'redis', REDIS_URL: redis.url, CCM_REDIS_PREFIX: 'ccm-e2e' });
    billing = await platform.keyFor('billing');
  });
  afterAll(async () => {
    await platform?.close();
    await redis?.stop();
  });

  it('accepts an invoice, renders it and dispatches it to the outbox through Redis', async () => {
    const body = fixture('invoice-en-us.json');
    body.externalRef = 'REDIS-QUEUE-1';
    body.dispatch = true;
    const { id } = (await platform.http.post('/v1/documents').set(auth()).send(body).expect(201)).body as { id: string };
    documentId = id;

    const sent = await poll(
      async () => (await platform.http.get(`/v1/documents/${id}`).set(auth()).expect(200)).body,
      (document) => document.deliveries?.some((delivery: { status: string }) => delivery.status === 'sent'),
      'the invoice to be rendered and sent',
    );
    expect(sent.deliveries[0]).toMatchObject({ channel: 'email', status: 'sent', provider: 'outbox', attempts: 1 });
    const outbox = await platform.http.get('/v1/outbox?channel=email').set(auth()).expect(200);
    expect(outbox.body.some((message: { messageId: string }) => message.messageId === sent.deliveries[0].messageId)).toBe(true);
    // Every job went through the outbox table into Redis; none is left behind.
    const { Client } = await import('pg');
    const db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    try {
      expect((await db.query('SELECT count(*)::int AS n FROM job_outbox')).rows).toEqual([{ n: 0 }]);
    } finally {
      await db.end();
    }
  }, 180_000);

  it('reports queue depth, job latency and where documents, renditions and deliveries stand', async () => {
    const metrics = (await platform.http.get('/metrics').set({ Authorization: `Bearer ${ADMIN_KEY}` }).expect(200)).text;
    for (const state of ['ready', 'delayed', 'active', 'outbox']) {
      expect(sample(metrics, 'ccm_queue_jobs', { queue: 'render-document', state })).toBe(0);
    }
    expect(sample(metrics, 'ccm_job_duration_seconds_count', { queue: 'render-document', outcome: 'completed' })).toBeGreaterThanOrEqual(1);
    expect(sample(metrics, 'ccm_job_duration_seconds_count', { queue: 'dispatch-email', outcome: 'completed' })).toBeGreaterThanOrEqual(1);
    const documents = (await platform.http.get('/v1/documents/' + documentId).set(auth()).expect(200)).body;
    expect(sample(metrics, 'ccm_documents', { status: documents.status })).toBeGreaterThanOrEqual(1);
    expect(sample(metrics, 'ccm_renditions', { channel: 'email', status: 'ready' })).toBeGreaterThanOrEqual(1);
    expect(sample(metrics, 'ccm_deliveries', { channel: 'email', status: 'sent' })).toBeGreaterThanOrEqual(1);
    expect(metrics).toContain('# TYPE ccm_dispatch_resends_total counter');
    // The invoice's PDF opened the Chromium pool (CCM_PDF_PAGES pages at most, 4 by default); it is idle again.
    expect(sample(metrics, 'ccm_pdf_pages', { state: 'max' })).toBe(4);
    expect(sample(metrics, 'ccm_pdf_pages', { state: 'in_use' })).toBe(0);
    // Every metric the Grafana dashboard charts is one the platform serves.
    const dashboard = JSON.parse(readFileSync(path.join(REPO_ROOT, 'ops/grafana/ccm-dashboard.json'), 'utf8')) as { panels: Array<{ targets?: Array<{ expr: string }> }> };
    const charted = new Set(dashboard.panels.flatMap((panel) => (panel.targets ?? []).flatMap((target) => target.expr.match(/ccm_[a-z_]+/g) ?? [])));
    expect(charted.size).toBeGreaterThanOrEqual(8);
    for (const name of charted) expect(metrics).toMatch(new RegExp(`^(# TYPE )?${name}[{ ]`, 'm'));
    // Metrics stay an administrator's.
    await platform.http.get('/metrics').expect(401);
  });

  it('answers liveness and readiness without a key and without secrets', async () => {
    const live = await platform.http.get('/health/live').expect(200);
    expect(live.body).toMatchObject({ status: 'ok', eventLoopDelayMaxMs: expect.any(Number) });
    const ready = await platform.http.get('/health/ready').expect(200);
    expect(ready.body).toEqual({ status: 'ok', database: 'up', queue: 'up', migrations: 'applied' });
    const everything = JSON.stringify([live.body, ready.body]);
    expect(everything).not.toContain(redis.url);
    expect(everything).not.toContain(platform.databaseUrl);
  });

  it('is not ready while Redis is gone, and ready again once it is back', async () => {
    await redis.stop();
    const down = await platform.http.get('/health/ready').expect(503);
    expect(down.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(down.body.detail).toBe('The job queue is not reachable');
    expect(JSON.stringify(down.body)).not.toContain('127.0.0.1');
    await platform.http.get('/health/live').expect(200);

    redis = await startTestRedis({ port: redis.port });
    await poll(async () => (await platform.http.get('/health/ready')).status, (status) => status === 200, 'readiness after Redis is back', 60_000);
  }, 120_000);
});

describe('metrics and health on the default pg-boss queue (e2e)', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterAll(async () => {
    await platform?.close();
  });

  it('is ready with its queue in PostgreSQL, and counts its queues', async () => {
    expect((await platform.http.get('/health/ready').expect(200)).body).toEqual({ status: 'ok', database: 'up', queue: 'up', migrations: 'applied' });
    await platform.http.get('/health/live').expect(200);
    // pg-boss counts each queue it knows every few seconds; the worker's queues exist from the start.
    const metrics = await poll(
      async () => (await platform.http.get('/metrics').set({ Authorization: `Bearer ${ADMIN_KEY}` }).expect(200)).text,
      (text) => sample(text, 'ccm_queue_jobs', { queue: 'render-document', state: 'ready' }) !== undefined,
      'queue counts',
      60_000,
    );
    expect(sample(metrics, 'ccm_queue_jobs', { queue: 'render-document', state: 'outbox' })).toBe(0);
  });
});
