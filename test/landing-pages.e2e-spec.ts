import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { DataSource } from 'typeorm';
import { Webhook } from 'standardwebhooks';
import { ActionLinks } from '../libs/actions/src';
import { expireLinks, eventually, postInvoice, pressTokenIn, visitorCookieOf } from './support/landing-pages';
import { FakeStripeServer } from './support/providers';
import { postWhatsApp, sentDelivery, WEBHOOK_ENV, whatsappNotification, withDatabase } from './support/provider-callbacks';
import { fixture } from './support/fixtures';
import { ADMIN_KEY, startTestPlatform, TestPlatform } from './support/test-platform';

const BROWSER = {
  'User-Agent': 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  'Accept-Language': 'en-US,en;q=0.9',
};
const RATE_LIMIT = 400;

/** A support desk on 127.0.0.1 that verifies every event with the `standardwebhooks` package. */
class SupportDesk {
  readonly events: Array<{ type: string; data: Record<string, any> }> = [];
  secret = '';
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        this.events.push(new Webhook(this.secret).verify(Buffer.concat(chunks).toString('utf8'), req.headers as Record<string, string>) as (typeof this.events)[number]);
        res.statusCode = 204;
      } catch {
        res.statusCode = 400;
      }
      res.end();
    });
  });

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/questions`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('pay and ask pages (e2e)', () => {
  const stripe = new FakeStripeServer();
  const desk = new SupportDesk();
  let platform: TestPlatform;
  let billing: string;

  beforeAll(async () => {
    const origin = await stripe.listen();
    const deskUrl = await desk.listen();
    platform = await startTestPlatform(
      {
        ...WEBHOOK_ENV,
        ...stripe.env(),
        CCM_WEBHOOKS_ALLOW_PRIVATE_URLS: 'true',
        CCM_PAY_CHECKOUT_ORIGINS: origin,
        CCM_WHATSAPP_BUSINESS_NUMBER: '+1 415 555 0199',
        CCM_ASK_ANSWER_WITHIN: '2 business days',
        CCM_LANDING_RATE_LIMIT: String(RATE_LIMIT),
        CCM_LANDING_RATE_WINDOW_SECONDS: '600',
      },
    );
    billing = await platform.keyFor('billing');
    const subscription = await platform.http
      .post('/v1/webhook-subscriptions')
      .set('Authorization', `Bearer ${ADMIN_KEY}`)
      .send({ url: deskUrl, eventTypes: ['action.question'] })
      .expect(201);
    desk.secret = subscription.body.secret;
  }, 120_000);
  afterAll(async () => {
    await platform?.close();
    await stripe.close();
    await desk.close();
  });

  const rows = (sql: string, params: unknown[]) => withDatabase(platform, async (db) => (await db.query(sql, params)).rows);
  const views = (documentId: string) => rows('SELECT purpose, method, visitor, user_agent FROM action_link_views WHERE document_id = $1 ORDER BY at, id', [documentId]);
  const presses = (documentId: string) => rows('SELECT purpose, outcome, had_cookie FROM action_presses WHERE document_id = $1 ORDER BY at, id', [documentId]);
  const questions = (documentId: string) => rows('SELECT origin, topic, line_ref, message, locale, link_id FROM questions WHERE document_id = $1 ORDER BY created_at', [documentId]);
  const revoke = (documentId: string, reason: 'paid' | 'cancelled', at: Date) =>
    platform.app.get(DataSource).transaction((manager) => platform.app.get(ActionLinks).revoke(manager, { documentId, purpose: 'pay', reason, at }));

  it('shows what is due on GET with strict headers, and lets scanners GET and HEAD without changing anything but views', async () => {
    const invoice = await postInvoice(platform, billing, 'invoice-en-us.json');
    const page = await platform.http.get(invoice.payPath).set(BROWSER).expect(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; img-src data:; form-action 'self' http:\/\/127\.0\.0\.1:\d+; frame-ancestors 'none'/);
    expect(page.headers).toMatchObject({ 'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' });
    expect(page.text).toContain('<html lang="en" dir="ltr">');
    expect(page.text).toContain('$83.10');
    expect(page.text).toContain('November 15, 2026');
    expect(page.text).toContain('Northwind Fiber');
    expect(page.text).not.toContain('<script');
    visitorCookieOf(page.headers['set-cookie']);

    const head = await platform.http.head(invoice.payPath).set(BROWSER).expect(200);
    expect(head.text ?? '').toBe('');
    expect(head.headers['content-security-policy']).toBeDefined();
    await platform.http.get(invoice.payPath).set({ 'User-Agent': 'Mozilla/5.0 (compatible; BingPreview/1.0b) SafeLinks', 'Accept-Language': 'en' }).expect(200);
    await platform.http.get(invoice.askPath).set({ 'User-Agent': 'curl/8.5.0' }).expect(200);

    expect(await views(invoice.id)).toEqual([
      expect.objectContaining({ purpose: 'pay', method: 'GET', visitor: 'person' }),
      expect.objectContaining({ purpose: 'pay', method: 'HEAD', visitor: 'scanner' }),
      expect.objectContaining({ purpose: 'pay', method: 'GET', visitor: 'scanner' }),
      expect.objectContaining({ purpose: 'ask', method: 'GET', visitor: 'scanner', user_agent: 'curl/8.5.0' }),
    ]);
    expect(await presses(invoice.id)).toEqual([]);
    expect(await questions(invoice.id)).toEqual([]);
    expect(stripe.sessionsFor(invoice.id)).toEqual([]);
    expect(await rows('SELECT count(*)::int AS n FROM action_links WHERE document_id = $1 AND revoked_at IS NOT NULL', [invoice.id])).toEqual([{ n: 0 }]);
  });

  it('answers an unknown, tampered or wrong-purpose link 404, an expired one 410, a cancelled one 410 and a paid one "already paid"', async () => {
    const invoice = await postInvoice(platform, billing, 'invoice-en-us.json');
    const token = invoice.payPath.split('/').pop()!;
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    for (const path of [`/a/pay/${tampered}`, `/a/pay/nonsense`, `/a/ask/${token}`, `/a/other/${token}`]) {
      const page = await platform.http.get(path).set(BROWSER).expect(404);
      expect(page.text).toContain('This link is not valid');
      expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    }
    const arabic404 = await platform.http.get(`/a/pay/${tampered}`).set({ ...BROWSER, 'Accept-Language': 'ar-SA,ar;q=0.9' }).expect(404);
    expect(arabic404.text).toContain('<html lang="ar" dir="rtl">');

    const expired = await postInvoice(platform, billing, 'invoice-en-us.json', (body) => {
      body.data.invoice.issueDate = '2025-01-01';
      body.data.invoice.dueDate = '2025-01-15';
    });
    await expireLinks(platform, expired.id);
    expect((await platform.http.get(expired.payPath).set(BROWSER).expect(410)).text).toContain('This link has expired');
    expect((await platform.http.get(expired.askPath).set(BROWSER).expect(410)).text).toContain('This link has expired');

    const cancelled = await postInvoice(platform, billing, 'invoice-en-us.json');
    await revoke(cancelled.id, 'cancelled', new Date());
    expect((await platform.http.get(cancelled.payPath).set(BROWSER).expect(410)).text).toContain('This invoice was cancelled');

    const paid = await postInvoice(platform, billing, 'invoice-en-us.json');
    const pressToken = pressTokenIn((await platform.http.get(paid.payPath).set(BROWSER).expect(200)).text);
    await revoke(paid.id, 'paid', new Date('2026-12-01T09:30:00Z'));
    const paidPage = await platform.http.get(paid.payPath).set(BROWSER).expect(200);
    expect(paidPage.text).toContain('This invoice is already paid');
    expect(paidPage.text).toContain('December 1, 2026');
    // A press from the page shown before the payment: already paid, no checkout.
    const late = await platform.http.post(paid.payPath).set(BROWSER).type('form').send({ press: pressToken }).expect(200);
    expect(late.text).toContain('This invoice is already paid');
    expect(await presses(paid.id)).toEqual([{ purpose: 'pay', outcome: 'already_paid', had_cookie: false }]);
    expect(stripe.sessionsFor(paid.id)).toEqual([]);
  });

  it('refuses a POST without or with a wrong anti-forgery token with a 403 page, and does nothing', async () => {
    const invoice = await postInvoice(platform, billing, 'invoice-en-us.json');
    const other = await postInvoice(platform, billing, 'invoice-en-us.json');
    const otherToken = pressTokenIn((await platform.http.get(other.payPath).set(BROWSER).expect(200)).text);
    for (const form of [{}, { press: 'x' }, { press: otherToken }]) {
      const refused = await platform.http.post(invoice.payPath).set(BROWSER).type('form').send(form).expect(403);
      expect(refused.text).toContain('Please try again from the page');
      expect(refused.headers['content-type']).toBe('text/html; charset=utf-8');
    }
    const askToken = pressTokenIn((await platform.http.get(invoice.askPath).set(BROWSER).expect(200)).text);
    await platform.http.post(invoice.askPath).set(BROWSER).type('form').send({ press: `${askToken}0`, topic: 'other', message: 'Why?' }).expect(403);
    await platform.http.post(invoice.payPath).set(BROWSER).type('form').send({ press: askToken }).expect(403);
    expect(await presses(invoice.id)).toEqual([]);
    expect(await questions(invoice.id)).toEqual([]);
    expect(stripe.sessionsFor(invoice.id)).toEqual([]);
  });

  it('sends a press of the pay button to the checkout with 303, a new attempt key each press, and records it', async () => {
    const invoice = await postInvoice(platform, billing, 'invoice-en-us.json');
    const page = await platform.http.get(invoice.payPath).set(BROWSER).expect(200);
    const cookie = visitorCookieOf(page.headers['set-cookie']);
    const press = pressTokenIn(page.text);
    const first = await platform.http.post(invoice.payPath).set(BROWSER).set('Cookie', cookie).type('form').send({ press }).expect(303);
    const second = await platform.http.post(invoice.payPath).set(BROWSER).set('Cookie', cookie).type('form').send({ press }).expect(303);
    expect(first.headers.location).toMatch(new RegExp(`^${stripe.url}/c/pay/cs_test_`));
    expect(first.headers.location).not.toBe(second.headers.location);
    expect(first.headers['referrer-policy']).toBe('no-referrer');
    const started = stripe.sessionsFor(invoice.id);
    expect(started).toHaveLength(2);
    const [{ id: linkId }] = await rows(`SELECT id FROM action_links WHERE document_id = $1 AND purpose = 'pay'`, [invoice.id]);
    expect(started.map((session) => session.object.metadata.linkId)).toEqual([linkId, linkId]);
    expect(new Set(started.map((session) => session.idempotencyKey)).size).toBe(2);
    expect(await presses(invoice.id)).toEqual([
      { purpose: 'pay', outcome: 'checkout', had_cookie: true },
      { purpose: 'pay', outcome: 'checkout', had_cookie: true },
    ]);
  });

  it('stores a question from the ask page, thanks the customer, acknowledges it on the first channel and emits a signed action.question', async () => {
    const invoice = await postInvoice(platform, billing, 'invoice-zh-cn.json', (body) => {
      body.channels = ['sms'];
      body.dispatch = true;
    });
    await eventually('the invoice to be sent by SMS', async () => {
      const document = await platform.http.get(`/v1/documents/${invoice.id}`).set('Authorization', `Bearer ${billing}`).expect(200);
      return document.body.deliveries?.[0]?.status === 'sent' ? true : undefined;
    });
    const page = await platform.http.get(invoice.askPath).set({ ...BROWSER, 'Accept-Language': 'zh-CN' }).expect(200);
    expect(page.text).toContain('<html lang="zh" dir="ltr">');
    expect(page.text).toContain('https://wa.me/14155550199?text=');
    expect(page.text).toMatch(/<option value="1">[^<]+<\/option>/);

    // Not a question the page could send: shown again with why, nothing stored.
    const press = pressTokenIn(page.text);
    const invalid = await platform.http.post(invoice.askPath).set(BROWSER).type('form').send({ press, topic: 'refund', message: 'x' }).expect(422);
    expect(invalid.text).toContain('role="alert"');
    await platform.http.post(invoice.askPath).set(BROWSER).type('form').send({ press, topic: 'line_item', line: '7', message: 'x' }).expect(422);
    await platform.http.post(invoice.askPath).set(BROWSER).type('form').send({ press, topic: 'other', message: 'y'.repeat(1001) }).expect(422);
    expect(await questions(invoice.id)).toEqual([]);

    const asked = await platform.http.post(invoice.askPath).set(BROWSER).type('form').send({ press, topic: 'line_item', line: '1', message: '这一项为什么这么贵？' }).expect(200);
    expect(asked.text).toContain('谢谢，我们已收到您的问题');
    expect(asked.text).toContain('2 个工作日');
    const [question] = await questions(invoice.id);
    expect(question).toMatchObject({ origin: 'web', topic: 'line_item', line_ref: 1, message: '这一项为什么这么贵？', locale: 'zh-CN' });
    expect(await presses(invoice.id)).toEqual([{ purpose: 'ask', outcome: 'question', had_cookie: false }]);

    const acknowledgement = await eventually('the acknowledgement in the outbox', async () => {
      const outbox = await platform.http.get('/v1/outbox?channel=sms').set('Authorization', `Bearer ${billing}`).expect(200);
      return (outbox.body as Array<{ recipient: string; summary: string }>).find((m) => m.recipient === '+8613800138000' && m.summary.includes('已收到您关于账单'));
    });
    expect(acknowledgement.summary).toContain('2 个工作日');

    const event = await eventually('the signed action.question event', () => desk.events.find((e) => e.data.documentId === invoice.id));
    expect(event).toMatchObject({
      type: 'action.question',
      data: { origin: 'web', topic: 'line_item', message: '这一项为什么这么贵？', locale: 'zh-CN', line: { index: 1 }, invoiceNumber: expect.any(String) },
    });
  });

  it('acknowledges a question by email when the invoice first went out by email', async () => {
    const invoice = await postInvoice(platform, billing, 'invoice-en-us.json', (body) => {
      body.channels = ['email'];
      body.dispatch = true;
    });
    await eventually('the invoice to be sent by email', async () => {
      const document = await platform.http.get(`/v1/documents/${invoice.id}`).set('Authorization', `Bearer ${billing}`).expect(200);
      return document.body.deliveries?.[0]?.status === 'sent' ? true : undefined;
    });
    const press = pressTokenIn((await platform.http.get(invoice.askPath).set(BROWSER).expect(200)).text);
    await platform.http.post(invoice.askPath).set(BROWSER).type('form').send({ press, topic: 'due_date', line: '', message: 'Can I pay on the 20th?' }).expect(200);
    const email = await eventually('the acknowledgement by email', async () => {
      const outbox = await platform.http.get('/v1/outbox?channel=email').set('Authorization', `Bearer ${billing}`).expect(200);
      return (outbox.body as Array<{ id: string; to: string; subject: string }>).find((m) => m.to?.includes('jordan.miller@example.com') && m.subject?.startsWith('Your question about invoice'));
    });
    const raw = await platform.http.get(`/v1/outbox/${email.id}`).set('Authorization', `Bearer ${billing}`).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    const parsed = await simpleParser(raw.body as Buffer);
    expect(parsed.subject).toMatch(/^Your question about invoice INV-/);
    expect(parsed.text).toMatch(/^We received your question about invoice INV-\S+ and will answer within 2 business days\./);
    expect(await questions(invoice.id)).toEqual([expect.objectContaining({ origin: 'web', topic: 'due_date', line_ref: null })]);
  });

  it('sends no acknowledgement on a channel the customer opted out of, and keeps the question', async () => {
    const invoice = await postInvoice(platform, billing, 'invoice-zh-cn.json', (body) => {
      body.recipient.customerId = 'C-STOPPED';
      body.recipient.phone = '+8613800138001';
      body.channels = ['sms'];
      body.dispatch = true;
    });
    await eventually('the invoice to be sent by SMS', async () => {
      const document = await platform.http.get(`/v1/documents/${invoice.id}`).set('Authorization', `Bearer ${billing}`).expect(200);
      return document.body.deliveries?.[0]?.status === 'sent' ? true : undefined;
    });
    await platform.http.put('/v1/consents').set('Authorization', `Bearer ${billing}`).send({ channel: 'sms', customerId: 'C-STOPPED', optedOut: true }).expect(200);
    const press = pressTokenIn((await platform.http.get(invoice.askPath).set(BROWSER).expect(200)).text);
    await platform.http.post(invoice.askPath).set(BROWSER).type('form').send({ press, topic: 'amount', message: '金额不对' }).expect(200);
    expect(await questions(invoice.id)).toEqual([expect.objectContaining({ topic: 'amount', message: '金额不对' })]);
    // The acknowledgement is handed to the transport before the page answers: none went out.
    const outbox = await platform.http.get('/v1/outbox?channel=sms').set('Authorization', `Bearer ${billing}`).expect(200);
    expect((outbox.body as Array<{ recipient: string; summary: string }>).filter((m) => m.recipient === '+8613800138001').map((m) => m.summary)).toEqual([
      expect.not.stringContaining('已收到您关于账单'),
    ]);
  });

  it('shows no pay page for a document that is not an invoice, and its ask page all the same', async () => {
    const created = await platform.http.post('/v1/documents').set('Authorization', `Bearer ${billing}`).send(fixture('payment-confirmation-en-us.json')).expect(201);
    const links = await platform.app.get(ActionLinks).forDocument(created.body.id);
    expect((await platform.http.get(`/a/pay/${links.payPath}`).set(BROWSER).expect(404)).text).toContain('This link is not valid');
    await platform.http.post(`/a/pay/${links.payPath}`).set(BROWSER).type('form').send({ press: 'x' }).expect(404);
    expect((await platform.http.get(`/a/ask/${links.askPath}`).set(BROWSER).expect(200)).text).toContain('<textarea');
  });

  it('opens a question when the WhatsApp "ask" quick reply comes back, once however often Meta redelivers it, and answers in the chat', async () => {
    const invoice = await postInvoice(platform, billing, 'invoice-ar-sa.json');
    const askToken = invoice.askPath.split('/').pop()!;
    const press = {
      from: '966501234567',
      id: 'wamid.HBgMOTY2NTAxMjM0NTY3FQIAEhgUM0FBQjQ0',
      timestamp: String(Math.floor(Date.now() / 1000)),
      type: 'button',
      button: { payload: `ask:${askToken}`, text: 'اسأل عن الفاتورة' },
      context: { from: '15550783881', id: 'wamid.HBgMOTY2NTAxMjM0NTY3FQIAERgSQUJDRA==' },
    };
    const body = whatsappNotification({ messages: [press] });
    await postWhatsApp(platform, body).expect(200);
    await postWhatsApp(platform, body).expect(200);
    // A payload that names no link, and a stranger's text, open nothing.
    await postWhatsApp(platform, whatsappNotification({ messages: [{ ...press, id: 'wamid.other', button: { payload: 'ask:AAnotatokenatallatall00', text: 'x' } }] })).expect(200);
    expect(await questions(invoice.id)).toEqual([expect.objectContaining({ origin: 'whatsapp', topic: 'other', line_ref: null, message: 'اسأل عن الفاتورة', locale: 'ar-SA' })]);

    const reply = await eventually('the acknowledgement on WhatsApp', async () => {
      const outbox = await platform.http.get('/v1/outbox?channel=whatsapp').set('Authorization', `Bearer ${billing}`).expect(200);
      return (outbox.body as Array<{ id: string; recipient: string }>).find((m) => m.recipient === '+966501234567');
    });
    const sent = await platform.http.get(`/v1/outbox/${reply.id}`).set('Authorization', `Bearer ${billing}`).expect(200);
    const payload = JSON.parse(Buffer.isBuffer(sent.body) ? sent.body.toString('utf8') : sent.text);
    expect(payload).toMatchObject({ messaging_product: 'whatsapp', to: '966501234567', type: 'text' });
    expect(payload.text.body).toContain('وصلنا سؤالك');

    const event = await eventually('the signed action.question event', () => desk.events.find((e) => e.data.documentId === invoice.id));
    expect(event.data).toMatchObject({ origin: 'whatsapp', topic: 'other', line: null });
  });

  it('counts views, presses, questions per document and per template version for billing and reviewers, and names bad parameters', async () => {
    const invoice = await postInvoice(platform, billing, 'invoice-en-us.json');
    const page = await platform.http.get(invoice.payPath).set(BROWSER).expect(200);
    await platform.http.head(invoice.payPath).expect(200);
    await platform.http.post(invoice.payPath).set(BROWSER).type('form').send({ press: pressTokenIn(page.text) }).expect(303);
    const reviewer = await platform.keyFor('reviewer');
    const report = await platform.http.get(`/v1/analytics/actions?documentId=${invoice.id}`).set('Authorization', `Bearer ${reviewer}`).expect(200);
    expect(report.body.documents).toEqual([
      expect.objectContaining({ documentId: invoice.id, templateKey: 'invoice', views: { people: 1, scanners: 1 }, payClicks: 1, asks: 0, payments: 0, timeToPayment: { documents: 0, medianSeconds: null, p90Seconds: null } }),
    ]);
    expect(report.body.templateVersions).toEqual([expect.objectContaining({ templateKey: 'invoice', documents: 1, payClicks: 1 })]);
    const byTemplate = await platform.http.get('/v1/analytics/actions?templateKey=invoice&version=1&since=2026-01-01').set('Authorization', `Bearer ${billing}`).expect(200);
    expect(byTemplate.body.templateVersions[0]).toMatchObject({ templateKey: 'invoice', version: 1 });
    expect(byTemplate.body.templateVersions[0].documents).toBeGreaterThan(5);
    expect(byTemplate.body.templateVersions[0].asks).toBeGreaterThanOrEqual(1);

    for (const [query, named] of [
      ['', 'exactly one of documentId and templateKey'],
      ['?documentId=nope', 'documentId'],
      ['?templateKey=invoice&since=yesterday', 'since'],
      ['?templateKey=invoice&version=0', 'version'],
      ['?documentId=' + invoice.id + '&version=1', 'version needs templateKey'],
      ['?templateKey=invoice&colour=red', 'colour'],
    ]) {
      const bad = await platform.http.get(`/v1/analytics/actions${query}`).set('Authorization', `Bearer ${billing}`).expect(400);
      expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(bad.body.detail).toContain(named);
    }
    const author = await platform.keyFor('author');
    await platform.http.get(`/v1/analytics/actions?documentId=${invoice.id}`).set('Authorization', `Bearer ${author}`).expect(403);
  });

  it('measures the time from the first sent delivery to payment, median and 90th percentile, from the payments table', async () => {
    // The payments capability owns this table; where it is not part of the build, the test lays
    // out the same columns so the query is held to them.
    await withDatabase(platform, async (db) => {
      await db.query(`CREATE TABLE IF NOT EXISTS payments (
        id uuid PRIMARY KEY, document_id uuid NOT NULL REFERENCES documents(id), source text NOT NULL, provider_reference text NOT NULL,
        amount text NOT NULL, currency text NOT NULL, paid_at timestamptz NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now())`);
      await db.query(`DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ccm_runtime') THEN GRANT SELECT ON payments TO ccm_runtime; END IF; END $$`);
    });
    const paidAfter = [600, 3600];
    const invoices = [];
    for (const seconds of paidAfter) {
      const invoice = await postInvoice(platform, billing, 'invoice-en-us.json', (body) => {
        body.data.invoice.number = `INV-PAID-${seconds}`;
      });
      await sentDelivery(platform, invoice.id, 'email', 'jordan.miller@example.com', 'outbox', `<${invoice.id}@billing.example.test>`);
      await withDatabase(platform, (db) =>
        db.query(
          `INSERT INTO payments (id, document_id, source, provider_reference, amount, currency, paid_at)
           SELECT gen_random_uuid(), $1, 'billing-system', $2, '83.10', 'USD', sent_at + make_interval(secs => $3) FROM deliveries WHERE document_id = $1`,
          [invoice.id, `ref-${invoice.id}`, seconds],
        ),
      );
      invoices.push(invoice);
    }
    const one = await platform.http.get(`/v1/analytics/actions?documentId=${invoices[0].id}`).set('Authorization', `Bearer ${billing}`).expect(200);
    expect(one.body.documents[0]).toMatchObject({ payments: 1, timeToPayment: { documents: 1, medianSeconds: 600, p90Seconds: 600 } });
    const all = await platform.http.get('/v1/analytics/actions?templateKey=invoice').set('Authorization', `Bearer ${billing}`).expect(200);
    expect(all.body.templateVersions[0]).toMatchObject({ payments: 2, timeToPayment: { documents: 2, medianSeconds: 2100, p90Seconds: 3300 } });
  });

  it('limits requests per client address with a 429 page and Retry-After (last: it uses up this address)', async () => {
    let answer = await platform.http.get('/a/pay/nonsense').set(BROWSER);
    for (let i = 0; i < RATE_LIMIT + 5 && answer.status !== 429; i += 1) answer = await platform.http.get('/a/pay/nonsense').set(BROWSER);
    expect(answer.status).toBe(429);
    expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
    expect(answer.text).toContain('Too many requests');
    expect(answer.headers['cache-control']).toBe('no-store');
    await platform.http.post('/a/pay/nonsense').set(BROWSER).type('form').send({}).expect(429);
  });
});
