import twilio from 'twilio';
import {
  deliveryRow,
  metaSignature,
  postDocument,
  postTwilio,
  postWhatsApp,
  sentDelivery,
  TWILIO_AUTH_TOKEN,
  TWILIO_WEBHOOK_URL,
  twilioInbound,
  twilioStatus,
  WEBHOOK_ENV,
  WHATSAPP_VERIFY_TOKEN,
  whatsappNotification,
  whatsappStatus,
  whatsappText,
  withDatabase,
} from './support/provider-callbacks';
import { startTestPlatform, TestPlatform } from './support/test-platform';

const sid = (n: number) => `SM${String(n).padStart(32, '0')}`;
const wamid = (n: number) => `wamid.HBgLMTQxNTU1NTAxMDAVAgARGBI${String(n).padStart(8, '0')}`;
const epoch = (iso: string) => Math.floor(Date.parse(iso) / 1000);

describe('provider webhooks (e2e)', () => {
  let platform: TestPlatform;
  let billing: string;
  let documentId: string;
  let next = 0;

  beforeAll(async () => {
    platform = await startTestPlatform(WEBHOOK_ENV);
    billing = await platform.keyFor('billing');
    documentId = await postDocument(platform, billing, 'C-500', 'WEBHOOK-0');
  });
  afterAll(async () => {
    await platform?.close();
  });

  /** A fresh sent delivery on its own document (one delivery per document and channel). */
  const freshDelivery = async (channel: 'sms' | 'whatsapp', providerMessageId: string, recipient = '+14155550100', customerId = 'C-500') => {
    next += 1;
    const document = await postDocument(platform, billing, customerId, `WEBHOOK-${channel}-${next}`);
    return sentDelivery(platform, document, channel, recipient, channel === 'sms' ? 'twilio' : 'whatsapp', providerMessageId);
  };
  const eventsOf = (providerMessageId: string) =>
    withDatabase(platform, async (db) => (await db.query('SELECT delivery_id, status, error_code, occurred_at FROM delivery_events WHERE provider_message_id = $1 ORDER BY id', [providerMessageId])).rows);
  const row = (id: string) => withDatabase(platform, (db) => deliveryRow(db, id));

  it('moves an SMS from sent to delivered to read on signed Twilio callbacks, signed over CCM_PUBLIC_URL whatever the Host', async () => {
    const id = await freshDelivery('sms', sid(1));
    const delivered = await postTwilio(platform, twilioStatus(sid(1), 'delivered')).expect(200);
    expect(delivered.headers['content-type']).toMatch(/^text\/xml/);
    expect(delivered.text).toContain('<Response>');
    expect(await row(id)).toMatchObject({ status: 'delivered', read_at: null });
    await postTwilio(platform, twilioStatus(sid(1), 'read')).expect(200);
    const read = await row(id);
    expect(read.status).toBe('read');
    expect(read.delivered_at!.getTime()).toBeLessThanOrEqual(read.read_at!.getTime());
    expect((await eventsOf(sid(1))).map((e) => [e.delivery_id, e.status])).toEqual([
      [id, 'delivered'],
      [id, 'read'],
    ]);
    // The document shows where its delivery got to.
    const document = await platform.http.get(`/v1/documents/${(await withDatabase(platform, (db) => db.query('SELECT document_id FROM deliveries WHERE id = $1', [id]))).rows[0].document_id}`).set('Authorization', `Bearer ${billing}`).expect(200);
    expect(document.body.deliveries[0]).toMatchObject({ id, status: 'read', deliveredAt: read.delivered_at!.toISOString(), readAt: read.read_at!.toISOString() });
  });

  it('stays monotonic when WhatsApp statuses repeat and arrive out of order: read before delivered, delivered after read, sent after delivered', async () => {
    const id = await freshDelivery('whatsapp', wamid(1));
    const sentAt = epoch('2026-12-01T10:00:00Z');
    const deliveredAt = epoch('2026-12-01T10:00:05Z');
    const readAt = epoch('2026-12-01T10:03:00Z');
    await postWhatsApp(platform, whatsappNotification({ statuses: [whatsappStatus(wamid(1), 'read', readAt)] })).expect(200, { received: true });
    expect(await row(id)).toMatchObject({ status: 'read', delivered_at: new Date(readAt * 1000), read_at: new Date(readAt * 1000) });

    await postWhatsApp(platform, whatsappNotification({ statuses: [whatsappStatus(wamid(1), 'delivered', deliveredAt)] })).expect(200);
    await postWhatsApp(platform, whatsappNotification({ statuses: [whatsappStatus(wamid(1), 'sent', sentAt)] })).expect(200);
    const settled = await row(id);
    expect(settled).toMatchObject({ status: 'read', delivered_at: new Date(deliveredAt * 1000), read_at: new Date(readAt * 1000) });

    // The same three again, all in one notification: recorded once, nothing moves.
    const replay = whatsappNotification({ statuses: [whatsappStatus(wamid(1), 'sent', sentAt), whatsappStatus(wamid(1), 'read', readAt), whatsappStatus(wamid(1), 'delivered', deliveredAt)] });
    await postWhatsApp(platform, replay).expect(200);
    await postWhatsApp(platform, replay).expect(200);
    expect(await row(id)).toEqual(settled);
    expect((await eventsOf(wamid(1))).map((e) => e.status)).toEqual(['read', 'delivered', 'sent']);
  });

  it("fails a sent SMS on Twilio's undelivered with its error code, but never one already delivered, whatever the order", async () => {
    const failing = await freshDelivery('sms', sid(2));
    await postTwilio(platform, twilioStatus(sid(2), 'sent')).expect(200);
    await postTwilio(platform, twilioStatus(sid(2), 'undelivered', '30003')).expect(200);
    expect(await row(failing)).toMatchObject({ status: 'failed', last_error: 'twilio reported the message failed (error 30003)' });
    await postTwilio(platform, twilioStatus(sid(2), 'sent')).expect(200);
    expect(await row(failing)).toMatchObject({ status: 'failed', delivered_at: null });
    expect((await eventsOf(sid(2))).map((e) => [e.status, e.error_code])).toEqual([
      ['sent', null],
      ['undelivered', '30003'],
    ]);

    // A failure reported before the delivered that preceded it: the handset got the message.
    const reordered = await freshDelivery('sms', sid(5));
    await postTwilio(platform, twilioStatus(sid(5), 'failed', '30008')).expect(200);
    expect(await row(reordered)).toMatchObject({ status: 'failed' });
    await postTwilio(platform, twilioStatus(sid(5), 'delivered')).expect(200);
    expect(await row(reordered)).toMatchObject({ status: 'delivered', last_error: null });

    const delivered = await freshDelivery('whatsapp', wamid(2));
    await postWhatsApp(platform, whatsappNotification({ statuses: [whatsappStatus(wamid(2), 'delivered', epoch('2026-12-01T11:00:00Z'))] })).expect(200);
    await postWhatsApp(platform, whatsappNotification({ statuses: [whatsappStatus(wamid(2), 'failed', epoch('2026-12-01T11:00:09Z'), 131047)] })).expect(200);
    expect(await row(delivered)).toMatchObject({ status: 'delivered', last_error: null });
    expect((await eventsOf(wamid(2))).map((e) => [e.status, e.error_code])).toEqual([
      ['delivered', null],
      ['failed', '131047'],
    ]);
  });

  it('refuses forged, missing and replayed-with-another-body signatures with 401 problem+json, and changes nothing', async () => {
    const smsId = await freshDelivery('sms', sid(3));
    const waId = await freshDelivery('whatsapp', wamid(3));
    const before = { sms: await row(smsId), wa: await row(waId) };
    const params = twilioStatus(sid(3), 'delivered');
    const genuine = twilio.getExpectedTwilioSignature(TWILIO_AUTH_TOKEN, TWILIO_WEBHOOK_URL, params);

    const refusals = [
      postTwilio(platform, params, twilio.getExpectedTwilioSignature('not-the-auth-token-0123456789', TWILIO_WEBHOOK_URL, params)),
      postTwilio(platform, params, ''),
      platform.http.post('/v1/webhooks/twilio').type('form').send(params),
      // Signed for the URL the request's Host header names, not the public one.
      postTwilio(platform, params, twilio.getExpectedTwilioSignature(TWILIO_AUTH_TOKEN, `http://127.0.0.1/v1/webhooks/twilio`, params)),
      postTwilio(platform, { ...params, MessageStatus: 'read' }, genuine),
    ];
    const body = whatsappNotification({ statuses: [whatsappStatus(wamid(3), 'read', epoch('2026-12-01T12:00:00Z'))] });
    const otherBody = whatsappNotification({ statuses: [whatsappStatus(wamid(3), 'failed', epoch('2026-12-01T12:00:00Z'))] });
    refusals.push(
      postWhatsApp(platform, body, metaSignature(body, 'not-the-app-secret-0123456789')),
      postWhatsApp(platform, body, null),
      postWhatsApp(platform, otherBody, metaSignature(body)),
      // The same JSON with other spacing: a re-serialised body is not what was signed.
      postWhatsApp(platform, JSON.stringify(JSON.parse(body), null, 1), metaSignature(body)),
    );
    for (const response of await Promise.all(refusals)) {
      expect(response.status).toBe(401);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 401, code: 'unauthenticated' });
    }
    expect(await row(smsId)).toEqual(before.sms);
    expect(await row(waId)).toEqual(before.wa);
    expect(await eventsOf(sid(3))).toEqual([]);
    expect(await eventsOf(wamid(3))).toEqual([]);
  });

  it('answers 200 for a message id no delivery has, and keeps the callback with a null delivery, once', async () => {
    await postTwilio(platform, twilioStatus(sid(99), 'delivered')).expect(200);
    await postTwilio(platform, twilioStatus(sid(99), 'delivered')).expect(200);
    await postWhatsApp(platform, whatsappNotification({ statuses: [whatsappStatus(wamid(99), 'read', epoch('2026-12-01T13:00:00Z'))] })).expect(200);
    expect((await eventsOf(sid(99))).map((e) => [e.delivery_id, e.status])).toEqual([[null, 'delivered']]);
    expect((await eventsOf(wamid(99))).map((e) => [e.delivery_id, e.status])).toEqual([[null, 'read']]);
  });

  it('keeps delivery_events append-only for the runtime role', async () => {
    const { Client } = await import('pg');
    const runtime = new Client({ connectionString: platform.runtimeDatabaseUrl });
    await runtime.connect();
    try {
      await expect(runtime.query(`UPDATE delivery_events SET status = 'read'`)).rejects.toThrow(/permission denied|append-only/);
      await expect(runtime.query(`DELETE FROM delivery_events`)).rejects.toThrow(/permission denied|append-only/);
    } finally {
      await runtime.end();
    }
  });

  it('opts a number out of SMS on STOP and back in on START, for the number and its customers, with audit entries', async () => {
    const number = '+14155550177';
    await freshDelivery('sms', sid(4), number, 'C-701');
    await freshDelivery('whatsapp', wamid(4), number, 'C-702');
    await postTwilio(platform, twilioInbound(number, '  stop ')).expect(200);
    const consents = () =>
      withDatabase(platform, async (db) => (await db.query(`SELECT channel, subject_kind, subject, opted_out, keyword, source FROM channel_consents WHERE subject IN ($1, 'C-701', 'C-702') ORDER BY subject_kind, subject`, [number])).rows);
    expect(await consents()).toEqual([
      { channel: 'sms', subject_kind: 'address', subject: number, opted_out: true, keyword: 'STOP', source: 'sms-inbound' },
      { channel: 'sms', subject_kind: 'customer', subject: 'C-701', opted_out: true, keyword: 'STOP', source: 'sms-inbound' },
      { channel: 'sms', subject_kind: 'customer', subject: 'C-702', opted_out: true, keyword: 'STOP', source: 'sms-inbound' },
    ]);
    const byCustomer = await platform.http.get('/v1/consents').query({ customerId: 'C-701' }).set('Authorization', `Bearer ${billing}`).expect(200);
    expect(byCustomer.body).toEqual([expect.objectContaining({ channel: 'sms', subjectKind: 'customer', subject: 'C-701', optedOut: true, keyword: 'STOP' })]);

    // A repeated STOP (or another opt-out word) changes nothing and writes no audit entry.
    await postTwilio(platform, twilioInbound(number, 'STOP')).expect(200);
    await postTwilio(platform, twilioInbound(number, 'unsubscribe')).expect(200);
    expect((await consents()).map((c) => c.keyword)).toEqual(['STOP', 'STOP', 'STOP']);
    // A message that merely contains the word changes nothing.
    await postTwilio(platform, twilioInbound(number, 'please start sending me the invoice by post')).expect(200);
    await postTwilio(platform, twilioInbound(number, 'Start')).expect(200);
    expect((await consents()).map((c) => [c.subject, c.opted_out, c.keyword])).toEqual([
      [number, false, 'START'],
      ['C-701', false, 'START'],
      ['C-702', false, 'START'],
    ]);

    const reviewer = await platform.keyFor('reviewer');
    const audit = await platform.http.get('/v1/audit').query({ subjectType: 'channel_consent', subjectId: `sms:address:${number}` }).set('Authorization', `Bearer ${reviewer}`).expect(200);
    expect(audit.body.map((entry: any) => [entry.action, entry.actor, entry.details.keyword, entry.details.source])).toEqual([
      ['consent.opted_out', 'system:sms-inbound', 'STOP', 'sms-inbound'],
      ['consent.opted_in', 'system:sms-inbound', 'START', 'sms-inbound'],
    ]);
    expect(audit.body[0].details).toMatchObject({
      channel: 'sms',
      subjects: [
        { kind: 'address', subject: number },
        { kind: 'customer', subject: 'C-701' },
        { kind: 'customer', subject: 'C-702' },
      ],
    });
  });

  it('opts a WhatsApp sender out of WhatsApp on a STOP text, writing the number in E.164', async () => {
    await postWhatsApp(platform, whatsappNotification({ messages: [whatsappText('14155550188', 'OPTOUT')] })).expect(200);
    const consents = await platform.http.get('/v1/consents').query({ address: '+14155550188' }).set('Authorization', `Bearer ${billing}`).expect(200);
    expect(consents.body).toEqual([expect.objectContaining({ channel: 'whatsapp', subjectKind: 'address', subject: '+14155550188', optedOut: true, keyword: 'OPTOUT', source: 'whatsapp-inbound' })]);
    // A START written before that STOP, arriving after it: the later wish stands, and nothing is audited.
    const reviewer = await platform.keyFor('reviewer');
    const auditOf = async () => (await platform.http.get('/v1/audit').query({ subjectId: 'whatsapp:address:+14155550188' }).set('Authorization', `Bearer ${reviewer}`).expect(200)).body;
    expect(await auditOf()).toHaveLength(1);
    await postWhatsApp(platform, whatsappNotification({ messages: [whatsappText('14155550188', 'START', Math.floor(Date.now() / 1000) - 3600)] })).expect(200);
    const after = await platform.http.get('/v1/consents').query({ address: '+14155550188' }).set('Authorization', `Bearer ${billing}`).expect(200);
    expect(after.body).toEqual([expect.objectContaining({ optedOut: true, keyword: 'OPTOUT' })]);
    expect(await auditOf()).toHaveLength(1);
  });

  it("answers Meta's handshake with the challenge as text, and 403 to a wrong token or mode", async () => {
    const ok = await platform.http.get('/v1/webhooks/whatsapp').query({ 'hub.mode': 'subscribe', 'hub.verify_token': WHATSAPP_VERIFY_TOKEN, 'hub.challenge': '1158201444' }).expect(200);
    expect(ok.headers['content-type']).toMatch(/^text\/plain/);
    expect(ok.text).toBe('1158201444');
    await platform.http.get('/v1/webhooks/whatsapp').query({ 'hub.mode': 'subscribe', 'hub.verify_token': 'guess', 'hub.challenge': '1' }).expect(403);
    await platform.http.get('/v1/webhooks/whatsapp').query({ 'hub.mode': 'unsubscribe', 'hub.verify_token': WHATSAPP_VERIFY_TOKEN, 'hub.challenge': '1' }).expect(403);
    await platform.http.get('/v1/webhooks/whatsapp').expect(403);
  });

  it('refuses a signed WhatsApp body that is not a notification with 422 naming where', async () => {
    const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ changes: [{ value: { statuses: [{ status: 'read' }] } }] }] });
    const response = await postWhatsApp(platform, body).expect(422);
    expect(response.body.errors).toEqual([{ pointer: '/entry/0/changes/0/value/statuses/0', message: 'must have an id and a status' }]);
    await postWhatsApp(platform, 'not json').expect(422);
  });

  it('lets an operator set a consent by hand, audited with their key, and refuses bad input naming the field', async () => {
    const auth = { Authorization: `Bearer ${billing}` };
    const set = await platform.http.put('/v1/consents').set(auth).send({ channel: 'email', customerId: 'C-900', optedOut: true }).expect(200);
    expect(set.body).toEqual([expect.objectContaining({ channel: 'email', subjectKind: 'customer', subject: 'C-900', optedOut: true, keyword: 'api', source: 'api' })]);
    const reviewer = await platform.keyFor('reviewer');
    const audit = await platform.http.get('/v1/audit').query({ subjectId: 'email:customer:C-900' }).set('Authorization', `Bearer ${reviewer}`).expect(200);
    expect(audit.body).toHaveLength(1);
    expect(audit.body[0]).toMatchObject({ action: 'consent.opted_out', details: { source: 'api', keyword: 'api' } });
    expect(audit.body[0].actor).not.toMatch(/^system:/);

    const invalid = await platform.http.put('/v1/consents').set(auth).send({ channel: 'fax', customerId: 'C-900', optedOut: 'yes' }).expect(422);
    expect(invalid.body.errors.map((e: any) => e.pointer).sort()).toEqual(['/channel', '/optedOut']);
    const neither = await platform.http.put('/v1/consents').set(auth).send({ channel: 'sms', optedOut: true }).expect(422);
    expect(neither.body.errors).toEqual([{ pointer: '/customerId', message: 'customerId or address is required' }]);
    const badAddress = await platform.http.get('/v1/consents').query({ address: '555-0100' }).set(auth).expect(422);
    expect(badAddress.body.errors[0].pointer).toBe('/address');
    await platform.http.get('/v1/consents').query({ customerId: 'C-900' }).expect(401);
    const author = await platform.keyFor('author');
    await platform.http.put('/v1/consents').set({ Authorization: `Bearer ${author}` }).send({ channel: 'email', customerId: 'C-900', optedOut: false }).expect(403);
    expect(await withDatabase(platform, async (db) => (await db.query(`SELECT opted_out FROM channel_consents WHERE subject = 'C-900'`)).rows)).toEqual([{ opted_out: true }]);
  });

  it('never answers 5xx to signed callbacks carrying NULs, lone surrogates or odd ids, and keeps what it can', async () => {
    const hostile = ['\u0000', '\ud800', 'a\u0000b', '\u202e', ' ', 'x'.repeat(5000)];
    const answers: number[] = [];
    for (const [i, text] of hostile.entries()) {
      answers.push((await postTwilio(platform, { ...twilioStatus(sid(200 + i), 'delivered'), To: text, ErrorCode: text })).status);
      answers.push((await postTwilio(platform, { ...twilioStatus(text, 'delivered') })).status);
      answers.push((await postTwilio(platform, twilioInbound('+14155550199', text))).status);
      answers.push((await postWhatsApp(platform, whatsappNotification({ statuses: [{ ...whatsappStatus(wamid(200 + i), 'read', 1764590000), recipient_id: text }] }))).status);
      answers.push((await postWhatsApp(platform, whatsappNotification({ statuses: [whatsappStatus(text, 'read', 1764590000)] }))).status);
      answers.push((await postWhatsApp(platform, whatsappNotification({ messages: [whatsappText(text, text)] }))).status);
    }
    expect(answers.filter((status) => status >= 500)).toEqual([]);
    expect(answers.every((status) => status === 200 || status === 422)).toBe(true);
    const kept = await eventsOf(sid(200));
    expect(kept).toHaveLength(1);
    const payload = await withDatabase(platform, async (db) => (await db.query('SELECT payload FROM delivery_events WHERE provider_message_id = $1', [sid(200)])).rows[0].payload);
    expect(payload.To).toBe('\ufffd');
  });

  it('refuses a webhook body over CCM_MAX_BODY_BYTES with 413 problem+json', async () => {
    const response = await postTwilio(platform, { ...twilioStatus(sid(300), 'delivered'), Padding: 'x'.repeat(1_100_000) }).expect(413);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await eventsOf(sid(300))).toEqual([]);
  });

  it('documents the webhook and consent routes in OpenAPI', async () => {
    const docs = await platform.http.get('/docs-json').expect(200);
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/v1/webhooks/twilio', '/v1/webhooks/whatsapp', '/v1/consents']));
  });

  it('keeps the JSON body parser and its limits on every other route', async () => {
    const response = await platform.http.post('/v1/documents').set('Authorization', `Bearer ${billing}`).set('Content-Type', 'application/json').send('{"type":').expect(400);
    expect(response.body.code).toBe('malformed_request');
    expect(documentId).toBeDefined();
  });
});

describe('provider webhooks without provider secrets (e2e)', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform();
  });
  afterAll(async () => {
    await platform?.close();
  });

  it('refuses every callback, even one signed with some token, and confirms no subscription', async () => {
    await postTwilio(platform, twilioStatus(sid(1), 'delivered')).expect(401);
    const body = whatsappNotification({ statuses: [whatsappStatus(wamid(1), 'read', 1764590000)] });
    await postWhatsApp(platform, body).expect(401);
    await platform.http.get('/v1/webhooks/whatsapp').query({ 'hub.mode': 'subscribe', 'hub.verify_token': '', 'hub.challenge': '1' }).expect(403);
    expect(await withDatabase(platform, async (db) => (await db.query('SELECT count(*)::int AS n FROM delivery_events')).rows[0].n)).toBe(0);
  });
});
