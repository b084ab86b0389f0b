import { Client } from 'pg';
import { ChannelConsentRepository } from '@app/consent';
import { DeliveryRepository, FallBackToNextChannelUseCase, SendDeliveryUseCase } from '@app/dispatch';
import { fixture } from './support/fixtures';
import { bytesBody } from './support/http-body';
import { startWithFakeProviders, stopWithFakeProviders } from './support/fake-providers-platform';
import { FakeTwilioServer, FakeWhatsAppCloudServer } from './support/providers';
import { ADMIN_KEY, startTestPlatform, TestPlatform } from './support/test-platform';

type Auth = Record<string, string>;
const SETTLED = new Set(['sent', 'failed', 'skipped']);

/** The document once every delivery it has settled and no fallback is still to come (`count` deliveries). */
async function settledDeliveries(platform: TestPlatform, auth: Auth, id: string, count: number, timeoutMs = 90_000): Promise<any[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const document = await platform.http.get(`/v1/documents/${id}`).set(auth).expect(200);
    const deliveries = document.body.deliveries as any[];
    if (deliveries.length >= count && deliveries.every((d) => SETTLED.has(d.status))) return deliveries;
    if (Date.now() > until) throw new Error(`deliveries of ${id} not settled: ${JSON.stringify(deliveries)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function rendered(platform: TestPlatform, auth: Auth, id: string, timeoutMs = 90_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const document = await platform.http.get(`/v1/documents/${id}`).set(auth).expect(200);
    if (document.body.status === 'rendered') return;
    if (Date.now() > until) throw new Error(`document ${id} not rendered: ${document.body.status}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function renditionBytes(platform: TestPlatform, auth: Auth, id: string, channel: string): Promise<Buffer> {
  const response = await platform.http.get(`/v1/documents/${id}/renditions/${channel}`).set(auth).buffer(true).parse(bytesBody).expect(200);
  return response.body as Buffer;
}

let numbers = 0;
/** A distinct, valid US number per document, so the fakes' faults can aim at one. */
function nextNumber(): string {
  numbers += 1;
  return `+1212555${String(1000 + numbers).slice(-4)}`;
}

function invoice(externalRef: string, channels: string[], recipient: Record<string, string> = {}): Record<string, any> {
  const body = fixture('invoice-en-us.json');
  body.externalRef = externalRef;
  body.channels = channels;
  body.dispatch = true;
  body.recipient = { ...body.recipient, phone: nextNumber(), whatsapp: nextNumber(), ...recipient };
  return body;
}

describe('dispatch by SMS and WhatsApp through the providers (e2e)', () => {
  const twilio = new FakeTwilioServer();
  const whatsapp = new FakeWhatsAppCloudServer();
  let platform: TestPlatform;
  let auth: Auth;

  const post = async (body: Record<string, any>) =>
    (await platform.http.post('/v1/documents').set(auth).send(body).expect(201)).body.id as string;

  beforeAll(async () => {
    ({ platform, auth } = await startWithFakeProviders(twilio, whatsapp));
  });
  afterAll(() => stopWithFakeProviders(platform, twilio, whatsapp));

  it('sends an invoice by SMS with the rendered text, to the number, with a status callback', async () => {
    const body = invoice('MC-SMS-1', ['sms']);
    const id = await post(body);
    const [delivery] = await settledDeliveries(platform, auth, id, 1);
    expect(delivery).toMatchObject({ channel: 'sms', status: 'sent', provider: 'twilio', reason: 'primary', recipient: body.recipient.phone, attempts: 1 });
    const sms = twilio.messages.find((m) => m.to === body.recipient.phone)!;
    expect(delivery.providerMessageId).toBe(sms.sid);
    expect(sms.sid).toMatch(/^SM[0-9a-f]{32}$/);
    const rendition = JSON.parse((await renditionBytes(platform, auth, id, 'sms')).toString('utf8'));
    expect(sms.body).toBe(rendition.text);
    const { actions } = (await platform.http.get(`/v1/documents/${id}`).set(auth).expect(200)).body;
    expect(sms.body.endsWith(` ${actions.pay.url}`)).toBe(true);
    expect(sms.from).toBe('+15005550006');
    expect(sms.statusCallback).toBe('https://billing.example.test/v1/webhooks/twilio');
  });

  it('sends an invoice by WhatsApp as the stored Cloud API message, byte for byte', async () => {
    const body = invoice('MC-WA-1', ['whatsapp', 'sms']);
    const id = await post(body);
    const [delivery] = await settledDeliveries(platform, auth, id, 1);
    expect(delivery).toMatchObject({ channel: 'whatsapp', status: 'sent', provider: 'cloud-api', reason: 'primary', recipient: body.recipient.whatsapp });
    const message = whatsapp.messages.find((m) => m.to === body.recipient.whatsapp)!;
    expect(delivery.providerMessageId).toBe(message.id);
    expect(message.raw.equals(await renditionBytes(platform, auth, id, 'whatsapp'))).toBe(true);
    expect(message.payload).toMatchObject({ messaging_product: 'whatsapp', type: 'template' });
    // The buttons carry the document's own links: the pay token completes the URL registered
    // with Meta, and the ask reply comes back as `ask:<token>`, naming the document it asks about.
    const { actions } = (await platform.http.get(`/v1/documents/${id}`).set(auth).expect(200)).body;
    const token = (url: string, purpose: string) => url.slice(url.indexOf(`/a/${purpose}/`) + `/a/${purpose}/`.length);
    expect(token(actions.pay.url, 'pay')).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(message.payload.template.components.filter((component: any) => component.type === 'button')).toEqual([
      { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: token(actions.pay.url, 'pay') }] },
      { type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: `ask:${token(actions.ask.url, 'ask')}` }] },
    ]);
    // An invoice goes out once: the SMS was only the fallback.
    expect(twilio.messages.some((m) => m.to === body.recipient.phone)).toBe(false);
  });

  it('falls back to SMS when WhatsApp refuses for good, and says why', async () => {
    const body = invoice('MC-FALLBACK-1', ['whatsapp', 'sms']);
    whatsapp.respondWith({ kind: 'refused', code: 131026, message: 'Message undeliverable', to: body.recipient.whatsapp });
    const id = await post(body);
    const deliveries = await settledDeliveries(platform, auth, id, 2);
    expect(deliveries).toMatchObject([
      { channel: 'whatsapp', status: 'failed', reason: 'primary', attempts: 1 },
      { channel: 'sms', status: 'sent', reason: 'fallback after whatsapp failed', provider: 'twilio' },
    ]);
    expect(deliveries[0].lastError).toMatch(/131026/);
    expect(deliveries[0].tries).toMatchObject([{ attempt: 1, outcome: 'failed' }]);
    expect(twilio.messages.filter((m) => m.to === body.recipient.phone)).toHaveLength(1);
  });

  it('retries a 429 no sooner than its Retry-After, then a 500, and sends on the third try', async () => {
    const body = invoice('MC-RETRY-1', ['sms']);
    twilio.respondWith({ kind: 'rate-limited', retryAfter: '2', to: body.recipient.phone, times: 1 });
    twilio.respondWith({ kind: 'server-error', to: body.recipient.phone, times: 1 });
    const id = await post(body);
    const [delivery] = await settledDeliveries(platform, auth, id, 1);
    expect(delivery).toMatchObject({ status: 'sent', attempts: 3 });
    const tries = delivery.tries as any[];
    expect(tries.map((t) => t.outcome)).toEqual(['retry', 'retry', 'sent']);
    expect(tries[0].error).toMatch(/429/);
    expect(tries[1].error).toMatch(/500/);
    const at = (iso: string) => new Date(iso).getTime();
    // The provider asked for 2 s: the next try was scheduled, and started, no sooner.
    expect(at(tries[0].nextAttemptAt) - at(tries[0].startedAt)).toBeGreaterThanOrEqual(2_000);
    expect(at(tries[1].startedAt)).toBeGreaterThanOrEqual(at(tries[0].nextAttemptAt));
    expect(at(tries[2].startedAt)).toBeGreaterThanOrEqual(at(tries[1].nextAttemptAt));
    expect(twilio.messages.filter((m) => m.to === body.recipient.phone)).toHaveLength(1);
  });

  it('falls back when a channel exhausts its retries', async () => {
    const body = invoice('MC-EXHAUSTED-1', ['whatsapp', 'sms']);
    whatsapp.respondWith({ kind: 'server-error', to: body.recipient.whatsapp });
    const id = await post(body);
    const deliveries = await settledDeliveries(platform, auth, id, 2);
    expect(deliveries).toMatchObject([
      { channel: 'whatsapp', status: 'failed', attempts: 4 },
      { channel: 'sms', status: 'sent', reason: 'fallback after whatsapp exhausted' },
    ]);
    expect(deliveries[0].tries.map((t: { outcome: string }) => t.outcome)).toEqual(['retry', 'retry', 'retry', 'failed']);
    expect(deliveries[0].lastError).toMatch(/gave up after 4 attempts/);
  });

  it('sends a service update on every channel, and a failure on one stops there', async () => {
    const body = fixture('service-update-en-us.json');
    body.externalRef = 'MC-SERVICE-1';
    body.dispatch = true;
    body.channels = ['whatsapp', 'sms'];
    body.recipient = { ...body.recipient, phone: nextNumber(), whatsapp: nextNumber() };
    whatsapp.respondWith({ kind: 'refused', code: 132001, message: 'Template name does not exist in the translation', to: body.recipient.whatsapp });
    const id = await post(body);
    const deliveries = await settledDeliveries(platform, auth, id, 2);
    expect(deliveries.map((d) => [d.channel, d.status, d.reason]).sort()).toEqual([
      ['sms', 'sent', 'primary'],
      ['whatsapp', 'failed', 'primary'],
    ]);
    expect(await platform.app.get(FallBackToNextChannelUseCase).execute(deliveries.find((d) => d.channel === 'whatsapp').id)).toBeNull();
  });

  it('falls back once when the provider later reports a sent message undelivered', async () => {
    const body = invoice('MC-LATE-FAILURE-1', ['whatsapp', 'sms']);
    const id = await post(body);
    const [sent] = await settledDeliveries(platform, auth, id, 1);
    expect(sent).toMatchObject({ channel: 'whatsapp', status: 'sent' });
    const fallBack = platform.app.get(FallBackToNextChannelUseCase);
    const fallback = await fallBack.execute(sent.id, 'undelivered');
    expect(fallback).toMatchObject({ channel: 'sms', reason: 'fallback after whatsapp undelivered' });
    expect(await fallBack.execute(sent.id, 'undelivered')).toBeNull();
    const deliveries = await settledDeliveries(platform, auth, id, 2);
    expect(deliveries[1]).toMatchObject({ channel: 'sms', status: 'sent' });
    expect(twilio.messages.filter((m) => m.to === body.recipient.phone)).toHaveLength(1);
  });

  it('skips an opted-out channel with the reason and falls back to the next', async () => {
    const body = invoice('MC-OPTOUT-1', ['whatsapp', 'sms'], { customerId: 'C-OPTED-OUT-1' });
    await platform.app.get(ChannelConsentRepository).record({
      channel: 'whatsapp',
      subjects: [{ kind: 'customer', subject: 'C-OPTED-OUT-1' }],
      optedOut: true,
      keyword: 'STOP',
      source: 'api',
      at: new Date(),
    });
    const id = await post(body);
    const deliveries = await settledDeliveries(platform, auth, id, 2);
    expect(deliveries).toMatchObject([
      { channel: 'whatsapp', status: 'skipped', skipReason: 'opted out (STOP)', attempts: 0 },
      { channel: 'sms', status: 'sent', reason: 'fallback after whatsapp opted out' },
    ]);
    expect(whatsapp.messages.some((m) => m.to === body.recipient.whatsapp)).toBe(false);
  });

  it('dispatches a rendered document on request once, however often it is asked, and writes it in the ledger', async () => {
    const body = invoice('MC-ON-REQUEST-1', ['sms', 'pdf']);
    body.dispatch = false;
    const id = await post(body);
    await rendered(platform, auth, id);
    const first = await platform.http.post(`/v1/documents/${id}/dispatch`).set(auth).send({}).expect(202);
    expect(first.body).toMatchObject({ planned: true, deliveries: [{ channel: 'sms', reason: 'primary' }] });
    const again = await platform.http.post(`/v1/documents/${id}/dispatch`).set(auth).send({ channels: ['sms'] }).expect(202);
    expect(again.body.planned).toBe(false);
    expect(again.body.deliveries.map((d: { id: string }) => d.id)).toEqual([first.body.deliveries[0].id]);
    await settledDeliveries(platform, auth, id, 1);
    expect(twilio.messages.filter((m) => m.to === body.recipient.phone)).toHaveLength(1);
    const ledger = await platform.http.get(`/v1/documents/${id}/ledger`).set(auth).expect(200);
    expect(JSON.stringify(ledger.body)).toContain('dispatched');
  });

  it('refuses to dispatch a channel that cannot go out, naming it, and writes nothing', async () => {
    const body = invoice('MC-ON-REQUEST-2', ['sms', 'pdf']);
    body.dispatch = false;
    const id = await post(body);
    await rendered(platform, auth, id);
    const refused = await platform.http.post(`/v1/documents/${id}/dispatch`).set(auth).send({ channels: ['pdf'] }).expect(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ pointer: expect.stringMatching(/^\/channels/) })]);
    const notRendered = await platform.http.post(`/v1/documents/${id}/dispatch`).set(auth).send({ channels: ['whatsapp'] }).expect(422);
    expect(notRendered.body.errors).toEqual([expect.objectContaining({ pointer: '/channels/0', message: expect.stringMatching(/not rendered for whatsapp/) })]);
    const document = await platform.http.get(`/v1/documents/${id}`).set(auth).expect(200);
    expect(document.body.deliveries).toEqual([]);
    await platform.http.post(`/v1/documents/00000000-0000-4000-8000-000000000000/dispatch`).set(auth).send({}).expect(404);
    // A document not rendered yet (as it is between intake and rendering) has nothing to send.
    const db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    try {
      await db.query(`UPDATE documents SET status = 'accepted' WHERE id = $1`, [id]);
      const conflict = await platform.http.post(`/v1/documents/${id}/dispatch`).set(auth).send({}).expect(409);
      expect(conflict.body).toMatchObject({ code: 'invalid_state', detail: expect.stringMatching(/not rendered yet/) });
      await db.query(`UPDATE documents SET status = 'render_failed' WHERE id = $1`, [id]);
      await platform.http.post(`/v1/documents/${id}/dispatch`).set(auth).send({}).expect(409);
    } finally {
      await db.end();
    }
    expect((await platform.http.get(`/v1/documents/${id}`).set(auth).expect(200)).body.deliveries).toEqual([]);
  });

  it('lists deliveries for operators by status and channel, a page at a time, and names a bad parameter', async () => {
    const sms = await platform.http.get('/v1/deliveries?channel=sms&limit=500').set(auth).expect(200);
    expect(sms.body.items.length).toBeGreaterThan(0);
    expect(sms.body.items.every((d: { channel: string }) => d.channel === 'sms')).toBe(true);
    const failed = await platform.http.get('/v1/deliveries?status=failed').set(auth).expect(200);
    expect(failed.body.items.length).toBeGreaterThan(0);
    expect(failed.body.items.every((d: { status: string }) => d.status === 'failed')).toBe(true);

    const page1 = await platform.http.get('/v1/deliveries?limit=1').set(auth).expect(200);
    expect(page1.body.items).toHaveLength(1);
    const page2 = await platform.http.get(`/v1/deliveries?limit=1&cursor=${page1.body.nextCursor}`).set(auth).expect(200);
    expect(page2.body.items).toHaveLength(1);
    expect(page2.body.items[0].id).not.toBe(page1.body.items[0].id);
    expect(new Date(page2.body.items[0].createdAt).getTime()).toBeLessThanOrEqual(new Date(page1.body.items[0].createdAt).getTime());
    const future = await platform.http.get(`/v1/deliveries?since=${new Date(Date.now() + 3_600_000).toISOString()}`).set(auth).expect(200);
    expect(future.body.items).toEqual([]);

    for (const [query, field] of [['status=lost', 'status'], ['channel=pdf', 'channel'], ['since=yesterday', 'since'], ['limit=0', 'limit'], ['cursor=%25%25', 'cursor'], ['cursor=bm90LWEtY3Vyc29y', 'cursor'], ['colour=red', 'colour']]) {
      const refused = await platform.http.get(`/v1/deliveries?${query}`).set(auth).expect(400);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(refused.body.detail).toContain(field);
    }
  });

  it('counts no resend when nothing was interrupted, and keeps the tries append-only', async () => {
    const db = new Client({ connectionString: platform.runtimeDatabaseUrl });
    await db.connect();
    try {
      await expect(db.query(`UPDATE dispatch_plans SET channels = '{}'`)).rejects.toThrow(/permission denied/);
      const [{ resends }] = (await db.query('SELECT coalesce(sum(resends), 0)::int AS resends FROM deliveries')).rows;
      expect(resends).toBe(0);
    } finally {
      await db.end();
    }
  });
  it('sends again with the same idempotency key a delivery a crash left sending, and counts the resend', async () => {
    const body = invoice('MC-CRASH-1', ['sms', 'pdf']);
    body.dispatch = false;
    const id = await post(body);
    await rendered(platform, auth, id);
    // What a worker that died between recording `sending` and hearing back from Twilio leaves behind.
    const delivery = await platform.app.get(DeliveryRepository).createQueued({ documentId: id, channel: 'sms', recipient: body.recipient.phone, messageId: `${id}.sms`, reason: 'primary' });
    const db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    try {
      await db.query(`UPDATE deliveries SET status = 'sending', attempts = 1 WHERE id = $1`, [delivery.id]);
    } finally {
      await db.end();
    }

    await platform.app.get(SendDeliveryUseCase).execute(delivery.id);

    const [after] = (await platform.http.get(`/v1/documents/${id}`).set(auth).expect(200)).body.deliveries;
    expect(after).toMatchObject({ status: 'sent', attempts: 2, resends: 1, tries: [{ attempt: 2, outcome: 'sent', resend: true }] });
    const sent = twilio.received.filter((r) => new URLSearchParams(r.raw.toString('utf8')).get('To') === body.recipient.phone);
    expect(sent).toHaveLength(1);
    expect(sent[0].headers['idempotency-key']).toBe(`${id}.sms`);
    const metrics = await platform.http.get('/metrics').set({ Authorization: `Bearer ${ADMIN_KEY}` }).expect(200);
    expect(metrics.text).toMatch(/ccm_dispatch_resends_total\{channel="sms"\} [1-9]/);
  });
  it('fails a delivery whose message can never be read instead of leaving it queued', async () => {
    const body = invoice('MC-UNREADABLE-1', ['sms', 'pdf']);
    body.dispatch = false;
    const id = await post(body);
    await rendered(platform, auth, id);
    // A WhatsApp delivery for a document that has no WhatsApp rendition.
    const delivery = await platform.app.get(DeliveryRepository).createQueued({ documentId: id, channel: 'whatsapp', recipient: body.recipient.whatsapp, messageId: `${id}.whatsapp`, reason: 'primary' });
    await platform.app.get(SendDeliveryUseCase).execute(delivery.id);
    const [after] = (await platform.http.get(`/v1/documents/${id}`).set(auth).expect(200)).body.deliveries;
    expect(after).toMatchObject({ status: 'failed', attempts: 1, provider: 'cloud-api', tries: [{ outcome: 'failed' }] });
    expect(after.lastError).toMatch(/could not be read/);
    expect(whatsapp.received.some((r) => r.raw.toString('utf8').includes(id))).toBe(false);
  });
});

describe('dispatch into the embedded outbox on every channel (e2e)', () => {
  let platform: TestPlatform;
  let auth: Auth;

  beforeAll(async () => {
    platform = await startTestPlatform();
    auth = { Authorization: `Bearer ${await platform.keyFor('billing')}` };
  });
  afterAll(() => platform?.close());

  it('keeps SMS and WhatsApp messages with their exact bytes when no provider is configured', async () => {
    const body = fixture('service-update-en-us.json');
    body.dispatch = true;
    body.recipient.whatsapp = '+12125550177';
    const id = (await platform.http.post('/v1/documents').set(auth).send(body).expect(201)).body.id as string;
    // A service update goes out on every channel at once.
    const deliveries = await settledDeliveries(platform, auth, id, 3);
    expect(deliveries.map((d) => [d.channel, d.status, d.provider, d.reason]).sort()).toEqual([
      ['email', 'sent', 'outbox', 'primary'],
      ['sms', 'sent', 'outbox', 'primary'],
      ['whatsapp', 'sent', 'outbox', 'primary'],
    ]);

    for (const channel of ['sms', 'whatsapp'] as const) {
      const delivery = deliveries.find((d) => d.channel === channel);
      const list = await platform.http.get(`/v1/outbox?channel=${channel}`).set(auth).expect(200);
      expect(list.body.every((m: { channel: string }) => m.channel === channel)).toBe(true);
      const kept = list.body.find((m: { id: string }) => m.id === delivery.providerMessageId);
      expect(kept).toMatchObject({ channel, contentType: 'application/json', recipient: delivery.recipient });
      expect(kept.summary).toBeTruthy();
      const raw = await platform.http.get(`/v1/outbox/${kept.id}`).set(auth).buffer(true).parse(bytesBody).expect(200);
      expect(raw.headers['content-type']).toMatch(/^application\/json/);
      expect((raw.body as Buffer).equals(await renditionBytes(platform, auth, id, channel))).toBe(true);
    }
    const all = await platform.http.get('/v1/outbox').set(auth).expect(200);
    expect(new Set(all.body.map((m: { channel: string }) => m.channel))).toEqual(new Set(['email', 'sms', 'whatsapp']));
    await platform.http.get('/v1/outbox?channel=fax').set(auth).expect(400);
  });

  it('lists an Arabic subject as it reads, not as encoded words', async () => {
    const body = fixture('invoice-ar-sa.json');
    body.dispatch = true;
    body.channels = ['email'];
    const id = (await platform.http.post('/v1/documents').set(auth).send(body).expect(201)).body.id as string;
    const [delivery] = await settledDeliveries(platform, auth, id, 1);
    const list = await platform.http.get('/v1/outbox?channel=email').set(auth).expect(200);
    const kept = list.body.find((m: { id: string }) => m.id === delivery.providerMessageId);
    expect(kept.subject).toMatch(/[\u0600-\u06FF]/);
    expect(kept.subject).not.toMatch(/=\?/);
    expect(kept.summary).toBe(kept.subject);
  });
});
