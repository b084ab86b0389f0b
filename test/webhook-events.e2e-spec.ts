import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { fixture } from './support/fixtures';
import { ADMIN_KEY, startTestPlatform, TestPlatform } from './support/test-platform';

interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** What `standardwebhooks` made of it, as a billing system's code would; null when it refused. */
  readonly verified: { type: string; timestamp: string; data: Record<string, any> } | null;
  readonly answered: number;
}

/**
 * A billing system on 127.0.0.1 that verifies every request with the
 * `standardwebhooks` package. Paths starting `/flaky` answer 500 to the first
 * two tries of each webhook-id, `/down` always 500 until healed, others 204.
 */
class BillingSystem {
  readonly received: Received[] = [];
  readonly secrets = new Map<string, string>();
  readonly healed = new Set<string>();
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '';
      const body = Buffer.concat(chunks).toString('utf8');
      const id = String(req.headers['webhook-id']);
      const secret = this.secrets.get(path);
      let verified: Received['verified'] = null;
      try {
        verified = secret ? (new Webhook(secret).verify(body, req.headers as Record<string, string>) as Received['verified']) : null;
      } catch {
        verified = null;
      }
      const earlier = this.received.filter((r) => r.path === path && r.headers['webhook-id'] === id).length;
      const answered = !verified ? 400 : path.startsWith('/down') && !this.healed.has(path) ? 500 : path.startsWith('/flaky') && earlier < 2 ? 500 : 204;
      this.received.push({ path, headers: req.headers, body, verified, answered });
      res.statusCode = answered;
      res.end(answered === 500 ? 'upstream ledger unavailable' : '');
    });
  });

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  at(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 90_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('signed events for billing systems (e2e)', () => {
  const billingSystem = new BillingSystem();
  let platform: TestPlatform;
  let base: string;
  let billingKey: string;
  const admin = { Authorization: `Bearer ${ADMIN_KEY}` };

  beforeAll(async () => {
    base = await billingSystem.listen();
    platform = await startTestPlatform({
      CCM_WEBHOOKS_ALLOW_PRIVATE_URLS: 'true',
      CCM_WEBHOOKS_RETRY_SCHEDULE_MS: '50,50,50',
      CCM_WEBHOOKS_DISABLE_AFTER_FAILED_EVENTS: '1',
      // Links under a long path, as some operators publish them: with the longest invoice number
      // it takes the SMS past its budget, which is how one test makes a render fail.
      CCM_PUBLIC_URL: 'https://billing.example.test/customer-care/self-service',
    });
    billingKey = await platform.keyFor('billing');
  }, 120_000);
  afterAll(async () => {
    await platform?.close();
    await billingSystem.close();
  });

  const subscribe = async (path: string, eventTypes = ['document.rendered']) => {
    const response = await platform.http.post('/v1/webhook-subscriptions').set(admin).send({ url: `${base}${path}`, eventTypes, description: path }).expect(201);
    billingSystem.secrets.set(path, response.body.secret);
    return response.body as { id: string; secret: string; enabled: boolean };
  };

  const postDocument = async (externalRef: string) => {
    const body = fixture('invoice-en-us.json');
    body.externalRef = externalRef;
    body.channels = ['email'];
    body.dispatch = false;
    return (await platform.http.post('/v1/documents').set({ Authorization: `Bearer ${billingKey}` }).send(body).expect(201)).body.id as string;
  };

  const aboutDocument = (path: string, documentId: string) => billingSystem.at(path).filter((r) => r.verified?.data.documentId === documentId);

  const deliveriesOf = async (subscriptionId: string) =>
    (await platform.http.get('/v1/webhook-deliveries').query({ subscriptionId }).set(admin).expect(200)).body as Array<Record<string, any>>;

  it('tells a subscribed billing system that a document was rendered, signed so that standardwebhooks verifies it', async () => {
    const subscription = await subscribe('/ok');
    expect(subscription.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32,}={0,2}$/);
    const documentId = await postDocument('EVT-RENDERED-1');

    const [request] = await eventually('the rendered event', () => {
      const got = aboutDocument('/ok', documentId);
      return got.length ? got : undefined;
    });
    expect(request.headers['webhook-id']).toMatch(/^msg_/);
    expect(request.headers['webhook-timestamp']).toMatch(/^\d{10}$/);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.verified).toEqual({
      type: 'document.rendered',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      data: { documentId, type: 'invoice', externalRef: 'EVT-RENDERED-1', status: 'rendered', channels: ['email'] },
    });

    // The platform's record agrees, and the secret never shows again.
    const [delivery] = await eventually('the delivery recorded delivered', async () => {
      const list = await deliveriesOf(subscription.id);
      return list[0]?.status === 'delivered' ? list : undefined;
    });
    expect(delivery).toMatchObject({ id: request.headers['webhook-id'], eventType: 'document.rendered', attempts: [{ attempt: 1, statusCode: 204, outcome: 'delivered' }] });
    const listed = await platform.http.get(`/v1/webhook-subscriptions/${subscription.id}`).set(admin).expect(200);
    expect(listed.body).not.toHaveProperty('secret');
    expect(JSON.stringify((await platform.http.get('/v1/webhook-subscriptions').set(admin).expect(200)).body)).not.toContain(subscription.secret);
    await platform.http.delete(`/v1/webhook-subscriptions/${subscription.id}`).set(admin).expect(204);
    await platform.http.get(`/v1/webhook-subscriptions/${subscription.id}`).set(admin).expect(404);
  });

  it('tells a billing system that a document failed to render', async () => {
    const subscription = await subscribe('/failures', ['document.render_failed']);
    const body = fixture('invoice-en-us.json');
    body.externalRef = 'EVT-FAILED-1';
    body.channels = ['sms'];
    body.dispatch = false;
    // 64 receipts (each two UCS-2 code units) and the long link push the SMS past the template's 4-segment budget.
    body.data.invoice.number = '🧾'.repeat(64);
    const documentId = (await platform.http.post('/v1/documents').set({ Authorization: `Bearer ${billingKey}` }).send(body).expect(201)).body.id as string;
    const request = await eventually('the render_failed event', () => aboutDocument('/failures', documentId)[0]);
    expect(request.verified).toMatchObject({
      type: 'document.render_failed',
      data: { documentId, type: 'invoice', externalRef: 'EVT-FAILED-1', status: 'render_failed', channels: ['sms'] },
    });
    await platform.http.delete(`/v1/webhook-subscriptions/${subscription.id}`).set(admin).expect(204);
  });

  it('a receiver tampering with the body fails verification (the receiver itself is sound)', async () => {
    const request = billingSystem.received.find((r) => r.verified);
    expect(request).toBeDefined();
    const secret = billingSystem.secrets.get(request!.path)!;
    const headers = request!.headers as Record<string, string>;
    expect(new Webhook(secret).verify(request!.body, headers)).toBeTruthy();
    expect(() => new Webhook(secret).verify(request!.body.replace('"rendered"', '"render_failed"'), headers)).toThrow();
  });

  it('retries a receiver that answers 500 twice with the same webhook-id, and shows every try', async () => {
    const subscription = await subscribe('/flaky');
    const documentId = await postDocument('EVT-FLAKY-1');
    const tries = await eventually('three tries', () => {
      const got = aboutDocument('/flaky', documentId);
      return got.length >= 3 ? got : undefined;
    });
    expect(tries.map((t) => t.answered)).toEqual([500, 500, 204]);
    expect(new Set(tries.map((t) => t.headers['webhook-id'])).size).toBe(1);
    expect(tries.every((t) => t.verified !== null)).toBe(true);

    const [delivery] = await eventually('the delivery recorded delivered', async () => {
      const list = await deliveriesOf(subscription.id);
      return list[0]?.status === 'delivered' ? list : undefined;
    });
    expect(delivery.id).toBe(tries[0].headers['webhook-id']);
    expect(delivery.attempts.map((a: any) => [a.attempt, a.statusCode, a.outcome])).toEqual([
      [1, 500, 'retry'],
      [2, 500, 'retry'],
      [3, 204, 'delivered'],
    ]);
    expect(delivery.attempts[0].responseBody).toBe('upstream ledger unavailable');
    expect(typeof delivery.attempts[0].durationMs).toBe('number');
    const subscriptionNow = await platform.http.get(`/v1/webhook-subscriptions/${subscription.id}`).set(admin).expect(200);
    expect(subscriptionNow.body).toMatchObject({ enabled: true, disabledReason: null });
    await platform.http.delete(`/v1/webhook-subscriptions/${subscription.id}`).set(admin).expect(204);
  });

  it('disables a subscription whose endpoint keeps failing, and a retry by hand after re-enabling sends the same webhook-id', async () => {
    const subscription = await subscribe('/down');
    const documentId = await postDocument('EVT-DOWN-1');
    const disabled = await eventually('the subscription disabled', async () => {
      const response = await platform.http.get(`/v1/webhook-subscriptions/${subscription.id}`).set(admin).expect(200);
      return response.body.enabled === false ? response.body : undefined;
    });
    expect(disabled.disabledReason).toMatch(/failed every try/);
    expect(disabled.disabledAt).toEqual(expect.any(String));
    const [failed] = await deliveriesOf(subscription.id);
    expect(failed).toMatchObject({ status: 'failed', lastStatusCode: 500 });
    expect(failed.attempts.map((a: any) => a.outcome)).toEqual(['retry', 'retry', 'retry', 'failed']);
    expect(aboutDocument('/down', documentId)).toHaveLength(4);

    // Disabled: the next document's event is not sent to it, and a retry by hand is refused.
    const quietId = await postDocument('EVT-DOWN-2');
    await eventually('the second document rendered', async () => {
      const response = await platform.http.get(`/v1/documents/${quietId}`).set({ Authorization: `Bearer ${billingKey}` }).expect(200);
      return response.body.status === 'rendered' ? true : undefined;
    });
    expect(await deliveriesOf(subscription.id)).toHaveLength(1);
    await platform.http.post(`/v1/webhook-deliveries/${failed.id}/retry`).set(admin).expect(409);

    // The billing system is fixed; the subscription is enabled again and the event replayed.
    billingSystem.healed.add('/down');
    const enabled = await platform.http.patch(`/v1/webhook-subscriptions/${subscription.id}`).set(admin).send({ enabled: true }).expect(200);
    expect(enabled.body).toMatchObject({ enabled: true, disabledReason: null, disabledAt: null });
    const retried = await platform.http.post(`/v1/webhook-deliveries/${failed.id}/retry`).set(admin).expect(202);
    expect(retried.body).toMatchObject({ id: failed.id, status: 'pending' });
    const replayed = await eventually('the replayed event', () => aboutDocument('/down', documentId).find((r) => r.answered === 204));
    expect(replayed.headers['webhook-id']).toBe(failed.id);
    const [delivered] = await eventually('the delivery recorded delivered', async () => {
      const list = await deliveriesOf(subscription.id);
      return list[0]?.status === 'delivered' ? list : undefined;
    });
    expect(delivered.attempts).toHaveLength(5);
    const byStatus = await platform.http.get('/v1/webhook-deliveries').query({ subscriptionId: subscription.id, status: 'failed', eventType: 'document.rendered' }).set(admin).expect(200);
    expect(byStatus.body).toEqual([]);
    await platform.http.delete(`/v1/webhook-subscriptions/${subscription.id}`).set(admin).expect(204);
  });

  it('rotates a secret: for a while both the old and the new one verify', async () => {
    const subscription = await subscribe('/rotated');
    const rotated = await platform.http.post(`/v1/webhook-subscriptions/${subscription.id}/rotate-secret`).set(admin).expect(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(subscription.secret);
    const documentId = await postDocument('EVT-ROTATED-1');
    const request = await eventually('the event after rotation', () => aboutDocument('/rotated', documentId)[0]);
    const headers = request.headers as Record<string, string>;
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(rotated.body.secret).verify(request.body, headers)).toBeTruthy();
    expect(new Webhook(subscription.secret).verify(request.body, headers)).toBeTruthy();
    await platform.http.delete(`/v1/webhook-subscriptions/${subscription.id}`).set(admin).expect(204);
  });

  it('refuses invalid subscriptions and filters, naming the field, and writes nothing', async () => {
    const before = (await platform.http.get('/v1/webhook-subscriptions').set(admin).expect(200)).body.length;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ url: 'not a url', eventTypes: ['document.rendered'] }, '/url'],
      [{ url: 'ftp://127.0.0.1/hook', eventTypes: ['document.rendered'] }, '/url'],
      [{ url: `${base}/x`, eventTypes: ['document.exploded'] }, '/eventTypes'],
      [{ url: `${base}/x`, eventTypes: [] }, '/eventTypes'],
      [{ url: `${base}/x` }, '/eventTypes'],
      [{ eventTypes: ['document.rendered'] }, '/url'],
      [{ url: `${base}/x`, eventTypes: ['document.rendered'], secret: 'whsec_mine' }, '/secret'],
    ];
    for (const [body, pointer] of cases) {
      const response = await platform.http.post('/v1/webhook-subscriptions').set(admin).send(body);
      expect({ body, status: response.status }).toEqual({ body, status: 422 });
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    }
    const subscription = await subscribe('/patched');
    const patch = await platform.http.patch(`/v1/webhook-subscriptions/${subscription.id}`).set(admin).send({ enabled: 'yes' }).expect(422);
    expect(patch.body.errors[0].pointer).toBe('/enabled');
    const filter = await platform.http.get('/v1/webhook-deliveries').query({ status: 'lost' }).set(admin).expect(422);
    expect(filter.body.errors[0].pointer).toBe('/status');
    await platform.http.post('/v1/webhook-deliveries/msg_nope/retry').set(admin).expect(404);
    await platform.http.post('/v1/webhook-subscriptions').set({ Authorization: `Bearer ${billingKey}` }).send({ url: `${base}/x`, eventTypes: ['document.rendered'] }).expect(403);
    expect((await platform.http.get('/v1/webhook-subscriptions').set(admin).expect(200)).body.length).toBe(before + 1);
    await platform.http.delete(`/v1/webhook-subscriptions/${subscription.id}`).set(admin).expect(204);
  });
});

describe('webhook URLs without CCM_WEBHOOKS_ALLOW_PRIVATE_URLS (e2e)', () => {
  let platform: TestPlatform;
  const admin = { Authorization: `Bearer ${ADMIN_KEY}` };

  beforeAll(async () => {
    platform = await startTestPlatform({ CCM_PROCESSES: 'api' });
  }, 120_000);
  afterAll(async () => {
    await platform?.close();
  });

  it('refuses plain http and private, loopback or link-local targets', async () => {
    for (const url of ['http://billing.example.com/hook', 'https://127.0.0.1:8443/hook', 'https://10.0.0.8/hook', 'https://169.254.169.254/latest/meta-data', 'https://[::1]/hook', 'https://localhost/hook']) {
      const response = await platform.http.post('/v1/webhook-subscriptions').set(admin).send({ url, eventTypes: ['delivery.failed'] });
      expect({ url, status: response.status }).toEqual({ url, status: 422 });
      expect(response.body.errors[0].pointer).toBe('/url');
    }
    await platform.http.post('/v1/webhook-subscriptions').set(admin).send({ url: 'https://billing.example.com/hook', eventTypes: ['delivery.failed'] }).expect(201);
    expect((await platform.http.get('/v1/webhook-subscriptions').set(admin).expect(200)).body).toHaveLength(1);
  });
});
