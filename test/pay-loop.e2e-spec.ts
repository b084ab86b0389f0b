import { simpleParser } from 'mailparser';
import Stripe from 'stripe';
import { createTestDatabase } from './support/test-database';
import { fixture } from './support/fixtures';
import { eventually, expireLinks, pressTokenIn } from './support/landing-pages';
import { MailServer } from './support/mail-server';
import { FakeStripeServer } from './support/providers';
import { withDatabase } from './support/provider-callbacks';
import { startTestPlatform, TestPlatform } from './support/test-platform';

const PERSON = {
  'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Accept-Language': 'en-US,en;q=0.9',
};
const SAFE_LINKS = { 'User-Agent': 'Mozilla/5.0 (compatible; Microsoft Safe Links)' };
const FIRST_SECRET = 'pay-loop-first-signing-secret-0123456789abcdef';
const ROTATED_SECRET = 'pay-loop-rotated-signing-secret-0123456789abcd';

/**
 * The whole pay loop as a customer and a provider drive it, through the public
 * pages only: the link in the message, the page, the button, Stripe's checkout
 * (a local Stripe-compatible server, driven by the official `stripe` package's
 * signing), the signed webhook, and the confirmation arriving by email.
 */
describe('one-click pay through the pages, end to end (e2e)', () => {
  const stripeServer = new FakeStripeServer();
  const stripe = new Stripe(stripeServer.secretKey);
  const smtp = new MailServer();
  let databaseUrl: string;
  let platform: TestPlatform;
  let billing: string;

  const start = async (secret: string, previousSecrets?: string) => {
    platform = await startTestPlatform({
      ...stripeServer.env(),
      DATABASE_URL: databaseUrl,
      CCM_SECRET: secret,
      ...(previousSecrets ? { CCM_PREVIOUS_SECRETS: previousSecrets } : {}),
      CCM_PAY_CHECKOUT_ORIGINS: stripeServer.url,
      CCM_EMAIL_TRANSPORT: 'smtp',
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      CCM_EMAIL_FROM: 'billing@northwind.example',
    });
    billing = await platform.keyFor('billing');
  };
  let smtpPort = 0;

  beforeAll(async () => {
    await stripeServer.listen();
    smtpPort = await smtp.listen();
    databaseUrl = await createTestDatabase();
    await start(FIRST_SECRET);
  }, 180_000);
  afterAll(async () => {
    await platform?.close();
    await Promise.all([stripeServer.close(), smtp.close()]);
  });

  const postInvoice = async (file: string, externalRef: string) => {
    const body = fixture(file);
    body.externalRef = externalRef;
    body.channels = ['email'];
    body.dispatch = true;
    const created = await platform.http.post('/v1/documents').set('Authorization', `Bearer ${billing}`).send(body).expect(201);
    return { id: created.body.id as string, payPath: new URL(created.body.actions.pay.url).pathname, askPath: new URL(created.body.actions.ask.url).pathname };
  };
  const count = (sql: string, params: unknown[]) => withDatabase(platform, async (db) => Number((await db.query(sql, params)).rows[0].n));
  const pressPay = async (payPath: string) => {
    const page = await platform.http.get(payPath).set(PERSON).expect(200);
    return platform.http.post(payPath).set(PERSON).type('form').send({ press: pressTokenIn(page.text) });
  };
  const sendWebhook = (payload: string, secret = stripeServer.webhookSecret) =>
    platform.http
      .post('/v1/webhooks/payments/stripe')
      .set('Content-Type', 'application/json')
      .set('Stripe-Signature', stripe.webhooks.generateTestHeaderString({ payload, secret }))
      .send(payload);

  it.each([
    ['invoice-en-us.json', 'usd', '8310'],
    ['invoice-en-jpy.json', 'jpy', '7183'],
    ['invoice-ar-kw.json', 'kwd', '20750'],
  ])('lets a scanner open the pay link of %s without effect, and a press send the customer to a checkout of exactly what is due', async (file, currency, unitAmount) => {
    const invoice = await postInvoice(file, `LOOP-${currency}`);
    await platform.http.head(invoice.payPath).set(SAFE_LINKS).expect(200);
    await platform.http.get(invoice.payPath).set(SAFE_LINKS).expect(200);
    expect(stripeServer.sessionsFor(invoice.id)).toEqual([]);
    expect(await count('SELECT count(*) AS n FROM action_presses WHERE document_id = $1', [invoice.id])).toBe(0);
    expect(await count('SELECT count(*) AS n FROM checkout_sessions WHERE document_id = $1', [invoice.id])).toBe(0);

    const press = await pressPay(invoice.payPath);
    expect(press.status).toBe(303);
    const [session] = stripeServer.sessionsFor(invoice.id);
    expect(press.headers.location).toBe(session.object.url);
    expect(session.params).toMatchObject({
      'line_items[0][price_data][currency]': currency,
      'line_items[0][price_data][unit_amount]': unitAmount,
      'line_items[0][quantity]': '1',
      client_reference_id: invoice.id,
    });
  });

  it('marks the invoice paid once from a webhook sent twice, refuses a forged one, and mails the confirmation in the invoice language', async () => {
    const invoice = await postInvoice('invoice-ar-kw.json', 'LOOP-AR-PAID');
    expect((await pressPay(invoice.payPath)).status).toBe(303);
    const [session] = stripeServer.sessionsFor(invoice.id);

    // Back from the checkout before the webhook: no second button.
    const back = await platform.http.get(`${invoice.payPath}?checkout=complete`).set(PERSON).expect(200);
    expect(back.text).not.toContain('<form');

    const event = stripeServer.completedEvent(session);
    await sendWebhook(event, 'whsec_not-the-endpoint-secret').expect(401);
    expect(await count('SELECT count(*) AS n FROM payments WHERE document_id = $1', [invoice.id])).toBe(0);
    await sendWebhook(event).expect(200);
    await sendWebhook(event).expect(200);
    expect(await count('SELECT count(*) AS n FROM payments WHERE document_id = $1', [invoice.id])).toBe(1);

    const confirmations = await withDatabase(platform, async (db) =>
      (await db.query(`SELECT id FROM documents WHERE type = 'payment-confirmation' AND external_ref = $1`, [`payment-of-${invoice.id}`])).rows,
    );
    expect(confirmations).toHaveLength(1);
    const mail = await eventually('the confirmation at the SMTP server', () => smtp.received.find((m) => m.raw.includes(`<${confirmations[0].id}.email@`)));
    const parsed = await simpleParser(mail.raw);
    expect(parsed.subject).toContain('استلمنا دفعتك');
    expect(parsed.html).toMatch(/dir="rtl"/);

    const paidPage = await platform.http.get(invoice.payPath).set({ ...PERSON, 'Accept-Language': 'ar' }).expect(200);
    expect(paidPage.text).toContain('هذه الفاتورة مدفوعة');
    expect(paidPage.text).not.toContain('<form');
    const late = await platform.http.post(invoice.payPath).set(PERSON).type('form').send({ press: 'stale' });
    expect([200, 403]).toContain(late.status);
    expect(stripeServer.sessionsFor(invoice.id)).toHaveLength(1);
  });

  it('answers a tampered or wrong-purpose token 404 and an expired link 410', async () => {
    const invoice = await postInvoice('invoice-en-us.json', 'LOOP-BAD-TOKENS');
    const token = invoice.payPath.split('/').pop()!;
    const tampered = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    await platform.http.get(`/a/pay/${tampered}`).set(PERSON).expect(404);
    await platform.http.get(`/a/ask/${token}`).set(PERSON).expect(404);
    await platform.http.get(`/a/pay/${invoice.askPath.split('/').pop()}`).set(PERSON).expect(404);
    const pressedLate = pressTokenIn((await platform.http.get(invoice.payPath).set(PERSON).expect(200)).text);
    await expireLinks(platform, invoice.id);
    await platform.http.get(invoice.payPath).set(PERSON).expect(410);
    await platform.http.post(invoice.payPath).set(PERSON).type('form').send({ press: pressedLate }).expect(410);
    expect(stripeServer.sessionsFor(invoice.id)).toEqual([]);
  });

  it('keeps links sent before a rotation of CCM_SECRET working, and renders their documents with the same links', async () => {
    const invoice = await postInvoice('invoice-en-us.json', 'LOOP-ROTATION');
    await eventually('the invoice rendered', async () => {
      const view = await platform.http.get(`/v1/documents/${invoice.id}`).set('Authorization', `Bearer ${billing}`).expect(200);
      return view.body.status === 'rendered' ? true : undefined;
    });
    await platform.close();

    await start(ROTATED_SECRET, FIRST_SECRET);
    const view = await platform.http.get(`/v1/documents/${invoice.id}`).set('Authorization', `Bearer ${billing}`).expect(200);
    expect(new URL(view.body.actions.pay.url).pathname).toBe(invoice.payPath);
    expect((await pressPay(invoice.payPath)).status).toBe(303);
    const fresh = await postInvoice('invoice-en-us.json', 'LOOP-AFTER-ROTATION');
    expect(fresh.payPath.split('/').pop()!.slice(0, 2)).not.toBe(invoice.payPath.split('/').pop()!.slice(0, 2));
    await platform.http.get(fresh.payPath).set(PERSON).expect(200);
  });
});
