import { randomUUID } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { Client } from 'pg';
import Stripe from 'stripe';
import { ActionLinks, PayAction } from '../libs/actions/src';
import { signPaymentWebhook } from '../libs/payments/src';
import { EventReceiver } from './support/event-receiver';
import { fixture } from './support/fixtures';
import { MailServer } from './support/mail-server';
import { FakeStripeServer } from './support/providers';
import { ADMIN_KEY, startTestPlatform, TestPlatform } from './support/test-platform';

const admin = { Authorization: `Bearer ${ADMIN_KEY}` };


async function eventually<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 120_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function query<T>(platform: TestPlatform, sql: string, params: unknown[] = []): Promise<T[]> {
  const db = new Client({ connectionString: platform.databaseUrl });
  await db.connect();
  try {
    return (await db.query(sql, params)).rows as T[];
  } finally {
    await db.end();
  }
}

async function postInvoice(platform: TestPlatform, billing: string, file: string, externalRef: string): Promise<string> {
  const body = fixture(file);
  body.externalRef = externalRef;
  body.channels = ['email'];
  body.dispatch = false;
  return (await platform.http.post('/v1/documents').set({ Authorization: `Bearer ${billing}` }).send(body).expect(201)).body.id as string;
}

/** What the pay landing page's button does: resolve the link, then call the PayAction port. */
async function pressPay(platform: TestPlatform, documentId: string, attemptKey: string = randomUUID()): Promise<{ redirectUrl: string }> {
  const links = platform.app.get(ActionLinks);
  const { payPath } = await links.forDocument(documentId);
  const link = await links.resolve('pay', payPath);
  if (link.status !== 'active') throw new Error(`pay link of ${documentId} is ${link.status}`);
  return platform.app.get(PayAction).startCheckout({ documentId, linkId: link.linkId, attemptKey });
}

async function payLinkOf(platform: TestPlatform, documentId: string) {
  const links = platform.app.get(ActionLinks);
  return links.resolve('pay', (await links.forDocument(documentId)).payPath);
}

describe('payments through Stripe Checkout (e2e)', () => {
  const stripeServer = new FakeStripeServer();
  const smtp = new MailServer();
  const receiver = new EventReceiver();
  // The official package, as a Stripe test suite would use it to sign events.
  const stripe = new Stripe(stripeServer.secretKey);
  let platform: TestPlatform;
  let billing: string;
  const auth = () => ({ Authorization: `Bearer ${billing}` });

  beforeAll(async () => {
    await stripeServer.listen();
    const smtpPort = await smtp.listen();
    const hooks = await receiver.listen();
    platform = await startTestPlatform({
      ...stripeServer.env(),
      CCM_EMAIL_TRANSPORT: 'smtp',
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      CCM_EMAIL_FROM: 'billing@northwind.example',
      CCM_WEBHOOKS_ALLOW_PRIVATE_URLS: 'true',
    });
    billing = await platform.keyFor('billing');
    const subscription = await platform.http.post('/v1/webhook-subscriptions').set(admin).send({ url: hooks, eventTypes: ['action.paid'] }).expect(201);
    receiver.secret = subscription.body.secret;
  }, 180_000);
  afterAll(async () => {
    await platform?.close();
    await Promise.all([stripeServer.close(), smtp.close(), receiver.close()]);
  });

  const sendWebhook = (payload: string, secret = stripeServer.webhookSecret) =>
    platform.http
      .post('/v1/webhooks/payments/stripe')
      .set('Content-Type', 'application/json')
      .set('Stripe-Signature', stripe.webhooks.generateTestHeaderString({ payload, secret }))
      .send(payload);

  it.each([
    ['invoice-en-us.json', 'usd', 8310],
    ['invoice-en-jpy.json', 'jpy', 7183],
    ['invoice-ar-kw.json', 'kwd', 20750],
  ])('starts a Checkout Session for exactly what %s owes', async (file, currency, unitAmount) => {
    const documentId = await postInvoice(platform, billing, file, `PAY-START-${currency}`);
    const link = await payLinkOf(platform, documentId);
    const { redirectUrl } = await pressPay(platform, documentId);

    const session = stripeServer.sessions.find((s) => s.params.client_reference_id === documentId)!;
    expect(session).toBeDefined();
    expect(redirectUrl).toBe(session.object.url);
    expect(redirectUrl.startsWith(stripeServer.url)).toBe(true);
    expect(session.params).toMatchObject({
      mode: 'payment',
      'line_items[0][quantity]': '1',
      'line_items[0][price_data][currency]': currency,
      'line_items[0][price_data][unit_amount]': String(unitAmount),
      'metadata[documentId]': documentId,
      'metadata[linkId]': link.status === 'active' ? link.linkId : 'no link',
    });
    expect(session.params['line_items[0][price_data][product_data][name]']).toMatch(/^Invoice INV-2026-/);
    expect(session.params.success_url).toContain('/a/pay/');
    expect(session.idempotencyKey).toMatch(/^ccm-checkout-[0-9a-f]{64}$/);
  });

  it('starts one session for one press of the button, however often it arrives', async () => {
    const documentId = await postInvoice(platform, billing, 'invoice-en-us.json', 'PAY-SAME-PRESS');
    const first = await pressPay(platform, documentId, 'press-1');
    const again = await pressPay(platform, documentId, 'press-1');
    expect(again.redirectUrl).toBe(first.redirectUrl);
    expect(stripeServer.sessions.filter((s) => s.params.client_reference_id === documentId)).toHaveLength(1);
    const another = await pressPay(platform, documentId, 'press-2');
    expect(another.redirectUrl).not.toBe(first.redirectUrl);
  });

  it('records a paid Arabic invoice once from a webhook sent twice, and the customer gets one confirmation in Arabic', async () => {
    const documentId = await postInvoice(platform, billing, 'invoice-ar-kw.json', 'PAY-AR-KW');
    await pressPay(platform, documentId);
    const session = stripeServer.sessions.find((s) => s.params.client_reference_id === documentId)!;
    const event = stripeServer.completedEvent(session);

    const first = await sendWebhook(event).expect(200);
    expect(first.body).toMatchObject({ received: true, status: 'recorded' });
    const second = await sendWebhook(event).expect(200);
    expect(second.body).toMatchObject({ received: true, status: 'duplicate', paymentId: first.body.paymentId });
    // The later async_payment_succeeded of the same session is the same payment too.
    await sendWebhook(stripeServer.completedEvent(session, 'checkout.session.async_payment_succeeded')).expect(200);

    const payments = await query<Record<string, any>>(platform, 'SELECT * FROM payments WHERE document_id = $1', [documentId]);
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ source: 'stripe', amount: '20.750', currency: 'KWD', provider_reference: expect.stringMatching(/^pi_/) });
    const ledger = (await platform.http.get(`/v1/documents/${documentId}/ledger`).set(auth()).expect(200)).body;
    expect(JSON.stringify(ledger).match(/"event":"paid"/g)).toHaveLength(1);
    expect(await query(platform, "SELECT 1 FROM checkout_sessions WHERE document_id = $1 AND status = 'completed'", [documentId])).toHaveLength(1);

    const link = await payLinkOf(platform, documentId);
    expect(link).toMatchObject({ status: 'revoked', reason: 'paid', documentId });
    await expect(pressPay(platform, documentId)).rejects.toThrow();
    await expect(platform.app.get(PayAction).startCheckout({ documentId, linkId: (link as { linkId: string }).linkId, attemptKey: 'late' })).rejects.toMatchObject({ code: 'already_paid' });

    const confirmations = await query<{ id: string; locale: string; created_by: string | null }>(
      platform,
      "SELECT id, locale, created_by FROM documents WHERE type = 'payment-confirmation' AND external_ref = $1",
      [`payment-of-${documentId}`],
    );
    expect(confirmations).toEqual([{ id: expect.any(String), locale: 'ar-KW', created_by: null }]);
    const confirmationId = confirmations[0].id;
    const confirmationLedger = (await platform.http.get(`/v1/documents/${confirmationId}/ledger`).set(auth()).expect(200)).body;
    expect(JSON.stringify(confirmationLedger)).toContain('platform:payments');

    const mail = await eventually('the confirmation by email', () => smtp.received.find((m) => m.raw.includes(`<${confirmationId}.email@`)));
    expect(mail.to).toEqual(['abdullah@example.com.kw']);
    const parsed = await simpleParser(mail.raw);
    expect(parsed.subject).toContain('استلمنا دفعتك');
    expect(parsed.html).toMatch(/dir="rtl"/);
    expect(parsed.html).toContain('INV-2026-KW-0045');
    const document = await eventually('the confirmation sent', async () => {
      const body = (await platform.http.get(`/v1/documents/${confirmationId}`).set(auth()).expect(200)).body;
      return body.deliveries?.[0]?.status === 'sent' ? body : undefined;
    });
    expect(document.deliveries).toHaveLength(1);
    expect(smtp.received.filter((m) => m.raw.includes(`<${confirmationId}.email@`))).toHaveLength(1);

    const paid = await eventually('action.paid delivered', () => receiver.events.find((e) => e.type === 'action.paid' && e.data.documentId === documentId));
    expect(paid.data).toMatchObject({
      documentId,
      externalRef: 'PAY-AR-KW',
      source: 'stripe',
      amount: '20.750',
      currency: 'KWD',
      paymentId: first.body.paymentId,
      confirmationDocumentId: confirmationId,
    });
  });

  it('refuses a webhook with a bad signature and changes nothing', async () => {
    const documentId = await postInvoice(platform, billing, 'invoice-en-us.json', 'PAY-BAD-SIGNATURE');
    await pressPay(platform, documentId);
    const session = stripeServer.sessions.find((s) => s.params.client_reference_id === documentId)!;
    const event = stripeServer.completedEvent(session);

    const forged = await sendWebhook(event, 'whsec_not_the_endpoint_secret_0123456789').expect(401);
    expect(forged.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(forged.body.code).toBe('unauthenticated');
    const tampered = await platform.http
      .post('/v1/webhooks/payments/stripe')
      .set('Content-Type', 'application/json')
      .set('Stripe-Signature', stripe.webhooks.generateTestHeaderString({ payload: event, secret: stripeServer.webhookSecret }))
      .send(event.replace('"amount_total":8310', '"amount_total":1'))
      .expect(401);
    expect(tampered.body.code).toBe('unauthenticated');
    await platform.http.post('/v1/webhooks/payments/stripe').set('Content-Type', 'application/json').send(event).expect(401);

    expect(await query(platform, 'SELECT 1 FROM payments WHERE document_id = $1', [documentId])).toHaveLength(0);
    expect((await payLinkOf(platform, documentId)).status).toBe('active');
    // Webhooks of a provider that is not configured are not taken.
    await platform.http.post('/v1/webhooks/payments/test-checkout').set('Content-Type', 'application/json').send('{}').expect(404);
  });

  it('records one payment when the provider sends the same event several times at once', async () => {
    const documentId = await postInvoice(platform, billing, 'invoice-en-jpy.json', 'PAY-CONCURRENT');
    await pressPay(platform, documentId);
    const session = stripeServer.sessions.find((s) => s.params.client_reference_id === documentId)!;
    const event = stripeServer.completedEvent(session);
    const answers = await Promise.all([1, 2, 3, 4].map(() => sendWebhook(event)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(answers.map((a) => a.body.status).sort()).toEqual(['duplicate', 'duplicate', 'duplicate', 'recorded']);
    expect(await query(platform, 'SELECT amount FROM payments WHERE document_id = $1', [documentId])).toEqual([{ amount: '7183' }]);
    expect(await query(platform, "SELECT 1 FROM documents WHERE type = 'payment-confirmation' AND external_ref = $1", [`payment-of-${documentId}`])).toHaveLength(1);
  });

  it('refuses to start a checkout for a document that is not an invoice', async () => {
    const body = fixture('payment-confirmation-en-us.json');
    body.externalRef = 'PAY-NOT-INVOICE';
    body.dispatch = false;
    const documentId = (await platform.http.post('/v1/documents').set(auth()).send(body).expect(201)).body.id as string;
    await expect(platform.app.get(PayAction).startCheckout({ documentId, linkId: randomUUID(), attemptKey: 'x' })).rejects.toMatchObject({ code: 'not_payable' });
  });

  describe('POST /v1/documents/{id}/payments (paid elsewhere)', () => {
    const payment = { amount: '83.10', currency: 'USD', paidAt: '2026-12-02T14:03:00Z', reference: 'BRANCH-0042', method: 'cash' };

    it('names every bad field, and answers 404 for an unknown document', async () => {
      const documentId = await postInvoice(platform, billing, 'invoice-en-us.json', 'PAY-ELSEWHERE-BAD');
      const bad = await platform.http
        .post(`/v1/documents/${documentId}/payments`)
        .set(auth())
        .send({ amount: 83.1, currency: 'usd', paidAt: 'yesterday', reference: 'a\nb', method: 'cheque', sendConfirmation: 'yes' })
        .expect(422);
      expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(bad.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(
        expect.arrayContaining(['/amount', '/currency', '/paidAt', '/reference', '/method', '/sendConfirmation']),
      );
      const otherCurrency = await platform.http.post(`/v1/documents/${documentId}/payments`).set(auth()).send({ ...payment, currency: 'EUR' }).expect(422);
      expect(otherCurrency.body.errors).toEqual([{ pointer: '/currency', message: expect.stringContaining('USD') }]);
      const tooPrecise = await platform.http.post(`/v1/documents/${documentId}/payments`).set(auth()).send({ ...payment, amount: '83.105' }).expect(422);
      expect(tooPrecise.body.errors[0].pointer).toBe('/amount');
      await platform.http.post(`/v1/documents/${randomUUID()}/payments`).set(auth()).send(payment).expect(404);
      await platform.http.post(`/v1/documents/${documentId}/payments`).send(payment).expect(401);
      expect(await query(platform, 'SELECT 1 FROM payments WHERE document_id = $1', [documentId])).toHaveLength(0);
    });

    it('records the payment once, revokes the link as paid elsewhere, tells subscribers, and sends no confirmation unless asked', async () => {
      const documentId = await postInvoice(platform, billing, 'invoice-en-us.json', 'PAY-ELSEWHERE');
      const created = await platform.http.post(`/v1/documents/${documentId}/payments`).set(auth()).send(payment).expect(201);
      expect(created.body).toMatchObject({ documentId, source: 'billing-system', reference: 'BRANCH-0042', amount: '83.10', currency: 'USD', paidAt: '2026-12-02T14:03:00.000Z', confirmationDocumentId: null });
      const again = await platform.http.post(`/v1/documents/${documentId}/payments`).set(auth()).send(payment).expect(200);
      expect(again.body.id).toBe(created.body.id);
      const conflict = await platform.http.post(`/v1/documents/${documentId}/payments`).set(auth()).send({ ...payment, reference: 'BRANCH-0043' }).expect(409);
      expect(conflict.body).toMatchObject({ code: 'already_paid', reference: 'BRANCH-0042' });

      expect(await payLinkOf(platform, documentId)).toMatchObject({ status: 'revoked', reason: 'paid_elsewhere' });
      expect(await query(platform, "SELECT 1 FROM documents WHERE type = 'payment-confirmation' AND external_ref = $1", [`payment-of-${documentId}`])).toHaveLength(0);
      const paid = await eventually('action.paid delivered', () => receiver.events.find((e) => e.type === 'action.paid' && e.data.documentId === documentId));
      expect(paid.data).toMatchObject({ source: 'billing-system', reference: 'BRANCH-0042', amount: '83.10', confirmationDocumentId: null });
      await expect(pressPay(platform, documentId)).rejects.toThrow(/revoked/);
    });

    it('sends a confirmation when asked', async () => {
      const documentId = await postInvoice(platform, billing, 'invoice-en-jpy.json', 'PAY-ELSEWHERE-CONFIRM');
      const created = await platform.http
        .post(`/v1/documents/${documentId}/payments`)
        .set(auth())
        .send({ amount: '7183', currency: 'JPY', paidAt: '2026-12-02T09:00:00+09:00', reference: 'KONBINI-77', method: 'cash', sendConfirmation: true })
        .expect(201);
      const confirmationId = created.body.confirmationDocumentId as string;
      expect(confirmationId).toEqual(expect.any(String));
      const again = await platform.http
        .post(`/v1/documents/${documentId}/payments`)
        .set(auth())
        .send({ amount: '7183', currency: 'JPY', paidAt: '2026-12-02T09:00:00+09:00', reference: 'KONBINI-77', method: 'cash', sendConfirmation: true })
        .expect(200);
      expect(again.body).toMatchObject({ id: created.body.id, confirmationDocumentId: confirmationId, paidAt: '2026-12-02T00:00:00.000Z' });
      const confirmation = (await platform.http.get(`/v1/documents/${confirmationId}`).set(auth()).expect(200)).body;
      expect(confirmation).toMatchObject({ type: 'payment-confirmation', locale: 'en-US', externalRef: `payment-of-${documentId}` });
      await eventually('the confirmation by email', () => smtp.received.find((m) => m.raw.includes(`<${confirmationId}.email@`)));
    });
  });
});

describe('the built-in test checkout (e2e)', () => {
  let platform: TestPlatform;
  let billing: string;
  const auth = () => ({ Authorization: `Bearer ${billing}` });

  beforeAll(async () => {
    platform = await startTestPlatform();
    billing = await platform.keyFor('billing');
  }, 180_000);
  afterAll(async () => {
    await platform?.close();
  });

  const openPage = async (documentId: string) => {
    const { redirectUrl } = await pressPay(platform, documentId);
    const url = new URL(redirectUrl);
    expect(url.origin).toBe('https://billing.example.test');
    const page = await platform.http.get(url.pathname).expect(200);
    return { path: url.pathname, page };
  };

  it('shows a TEST MODE page for the amount due, and its button completes the payment into the outbox', async () => {
    const documentId = await postInvoice(platform, billing, 'invoice-en-us.json', 'TEST-CHECKOUT-EN');
    const { path, page } = await openPage(documentId);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(page.headers['content-security-policy']).toMatch(/form-action 'self'/);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.text).toContain('TEST MODE');
    expect(page.text).toContain('INV-2026-000122');
    expect(page.text).toContain('$83.10');
    expect(page.text).not.toMatch(/<script/i);
    const cookie = String(page.headers['set-cookie']).split(';')[0];
    expect(cookie).toMatch(/^ccm_test_checkout=/);
    expect(String(page.headers['set-cookie'])).toMatch(/HttpOnly/i);
    const token = /name="token" value="([^"]+)"/.exec(page.text)![1];
    const action = /<form method="post" action="([^"]+)"/.exec(page.text)![1];
    expect(action).toBe(`${path}/complete`);

    // Without the cookie the page set, or with another token, the button does nothing.
    await platform.http.post(action).type('form').send({ token }).expect(403);
    await platform.http.post(action).set('Cookie', cookie).type('form').send({ token: 'x'.repeat(43) }).expect(403);
    expect(await query(platform, 'SELECT 1 FROM payments WHERE document_id = $1', [documentId])).toHaveLength(0);

    const done = await platform.http.post(action).set('Cookie', cookie).type('form').send({ token }).expect(303);
    expect(done.headers.location).toBe(path);
    // A second press (a double click, a reload of the POST) is the same payment.
    await platform.http.post(action).set('Cookie', cookie).type('form').send({ token }).expect(303);
    const received = await platform.http.get(path).expect(200);
    expect(received.text).toContain('Payment received');
    expect(received.text).not.toContain('<form');

    expect(await query(platform, "SELECT source, amount, currency FROM payments WHERE document_id = $1", [documentId])).toEqual([
      { source: 'test-checkout', amount: '83.10', currency: 'USD' },
    ]);
    expect(await payLinkOf(platform, documentId)).toMatchObject({ status: 'revoked', reason: 'paid' });
    const [{ id: confirmationId }] = await query<{ id: string }>(platform, "SELECT id FROM documents WHERE type = 'payment-confirmation' AND external_ref = $1", [`payment-of-${documentId}`]);
    const message = await eventually('the confirmation in the outbox', async () => {
      const outbox = (await platform.http.get('/v1/outbox').set(auth()).expect(200)).body as Array<Record<string, any>>;
      return outbox.find((m) => m.messageId === `<${confirmationId}.email@billing.example.test>`);
    });
    expect(message).toMatchObject({ channel: 'email', recipient: 'jordan.miller@example.com' });
    expect(message.subject).toContain('we received your payment of $83.10');
  });

  it('speaks the invoice language, right to left for Arabic', async () => {
    const documentId = await postInvoice(platform, billing, 'invoice-ar-sa.json', 'TEST-CHECKOUT-AR');
    const { page } = await openPage(documentId);
    expect(page.text).toMatch(/<html lang="ar" dir="rtl">/);
    expect(page.text).toContain('وضع الاختبار');
    expect(page.text).toContain('إتمام الدفع التجريبي');
    const zh = await postInvoice(platform, billing, 'invoice-zh-cn.json', 'TEST-CHECKOUT-ZH');
    const { page: chinese } = await openPage(zh);
    expect(chinese.text).toMatch(/<html lang="zh" dir="ltr">/);
    expect(chinese.text).toContain('完成测试付款');
  });

  it('answers 404 for a checkout it never started', async () => {
    const page = await platform.http.get(`/pay/test-checkout/${randomUUID()}`).expect(404);
    expect(page.text).toContain('Checkout not found');
    await platform.http.get('/pay/test-checkout/not-a-uuid').expect(404);
  });
});

describe('a hosted payment page (e2e)', () => {
  const secret = 'gateway-shared-secret-0123456789abcdef-0123';
  let platform: TestPlatform;
  let billing: string;

  beforeAll(async () => {
    platform = await startTestPlatform({
      CCM_PAYMENT_PROVIDER: 'hosted',
      CCM_HOSTED_PAY_URL: 'https://bank.example/pay?ref={reference}&amount={amount}&currency={currency}&return={returnUrl}',
      CCM_HOSTED_PAY_SECRET: secret,
      CCM_PROCESSES: 'api',
    });
    billing = await platform.keyFor('billing');
  }, 180_000);
  afterAll(async () => {
    await platform?.close();
  });

  const completion = (reference: string, paymentId = 'BANK-7781') =>
    Buffer.from(JSON.stringify({ type: 'payment.completed', reference, paymentId, amount: '297.16', currency: 'SAR', paidAt: '2026-12-03T07:00:00Z', method: 'bank-transfer' }));
  const post = (body: Buffer, headers: Record<string, string>) =>
    platform.http.post('/v1/webhooks/payments/hosted').set('Content-Type', 'application/json').set(headers).send(body.toString('utf8'));

  it('sends the customer to the bank with the amount due, and records the payment its signed webhook reports', async () => {
    const documentId = await postInvoice(platform, billing, 'invoice-ar-sa.json', 'HOSTED-1');
    const { redirectUrl } = await pressPay(platform, documentId);
    const url = new URL(redirectUrl);
    expect(url.origin).toBe('https://bank.example');
    expect(url.searchParams.get('amount')).toBe('297.16');
    expect(url.searchParams.get('currency')).toBe('SAR');
    expect(url.searchParams.get('return')).toMatch(/^https:\/\/billing\.example\.test\/a\/pay\/[A-Za-z0-9_-]+\?checkout=complete$/);
    const reference = url.searchParams.get('ref')!;
    const body = completion(reference);
    const now = Math.floor(Date.now() / 1000);

    // Refused: another key, a stale timestamp, a body changed after signing. Nothing is recorded.
    await post(body, signPaymentWebhook('not-the-shared-secret-0123456789abcdef-0', body, now)).expect(401);
    await post(body, signPaymentWebhook(secret, body, now - 3600)).expect(401);
    await post(completion(reference, 'BANK-0000'), signPaymentWebhook(secret, body, now)).expect(401);
    expect(await query(platform, 'SELECT 1 FROM payments WHERE document_id = $1', [documentId])).toHaveLength(0);

    const recorded = await post(body, signPaymentWebhook(secret, body, now)).expect(200);
    expect(recorded.body).toMatchObject({ status: 'recorded' });
    await post(body, signPaymentWebhook(secret, body, now)).expect(200, /duplicate/);
    expect(await query(platform, 'SELECT source, provider_reference, amount, currency FROM payments WHERE document_id = $1', [documentId])).toEqual([
      { source: 'hosted', provider_reference: 'BANK-7781', amount: '297.16', currency: 'SAR' },
    ]);
    expect(await payLinkOf(platform, documentId)).toMatchObject({ status: 'revoked', reason: 'paid' });
    const [confirmation] = await query<{ data: any; locale: string }>(platform, "SELECT data, locale FROM documents WHERE type = 'payment-confirmation' AND external_ref = $1", [`payment-of-${documentId}`]);
    expect(confirmation.locale).toBe('ar-SA');
    expect(confirmation.data.payment).toMatchObject({ reference: 'BANK-7781', method: 'bank-transfer', amount: '297.16', balanceAfter: '0.00', invoiceNumber: 'INV-2026-000123' });
  });

  it('records a payment even when its confirmation cannot be created, and says so in the ledger', async () => {
    const documentId = await postInvoice(platform, billing, 'invoice-en-us.json', 'HOSTED-NO-CONFIRMATION');
    const { redirectUrl } = await pressPay(platform, documentId);
    const reviewer = await platform.keyFor('reviewer');
    // No published payment confirmation: a confirmation is refused like any document of that type.
    await platform.http.post('/v1/templates/payment-confirmation/versions/1/retire').set({ Authorization: `Bearer ${reviewer}` }).expect(200);
    const body = Buffer.from(
      JSON.stringify({ type: 'payment.completed', reference: new URL(redirectUrl).searchParams.get('ref'), paymentId: 'BANK-NO-CONF', amount: '83.10', currency: 'USD', paidAt: '2026-12-03T07:00:00Z' }),
    );
    const answer = await post(body, signPaymentWebhook(secret, body, Math.floor(Date.now() / 1000))).expect(200);
    expect(answer.body.status).toBe('recorded');
    expect(await query(platform, 'SELECT amount FROM payments WHERE document_id = $1', [documentId])).toEqual([{ amount: '83.10' }]);
    expect(await query(platform, "SELECT 1 FROM documents WHERE type = 'payment-confirmation' AND external_ref = $1", [`payment-of-${documentId}`])).toHaveLength(0);
    const ledger = (await platform.http.get(`/v1/documents/${documentId}/ledger`).set({ Authorization: `Bearer ${billing}` }).expect(200)).body;
    expect(JSON.stringify(ledger)).toMatch(/"event":"paid".*"confirmationDocumentId":null/);
    expect(await payLinkOf(platform, documentId)).toMatchObject({ status: 'revoked', reason: 'paid' });
  });

  it('refuses a signed completion for a checkout it never started, naming the reference', async () => {
    const body = completion(randomUUID(), 'BANK-9999');
    const answer = await post(body, signPaymentWebhook(secret, body, Math.floor(Date.now() / 1000))).expect(422);
    expect(answer.body.errors).toEqual([{ pointer: '/reference', message: expect.any(String) }]);
  });
});
