import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { Webhook } from 'standardwebhooks';
import twilio from 'twilio';
import { fixture } from './support/fixtures';
import { bytesBody } from './support/http-body';
import { metaSignature, postTwilio, postWhatsApp, twilioInbound, twilioStatus, whatsappNotification } from './support/provider-callbacks';
import { FakeTwilioServer, FakeWhatsAppCloudServer } from './support/providers';
import { startTestPlatform, TestPlatform } from './support/test-platform';

/**
 * The whole loop against real local servers that speak the providers' protocols:
 * an invoice goes out by email (SMTP, read back with mailparser), SMS (Twilio's
 * Messages API) and WhatsApp (the Cloud API); the providers' signed callbacks
 * move the deliveries on; a STOP reply makes the next invoice skip SMS and fall
 * back; a late "undelivered" falls back too; and a billing system, verifying
 * with the `standardwebhooks` package, hears of every step.
 */

const TWILIO_URL = 'https://billing.example.test/v1/webhooks/twilio';
const APP_SECRET = 'whatsapp-loop-app-secret-0123456789';

interface Mail {
  readonly to: string[];
  readonly raw: Buffer;
}

/** A billing system that keeps only the events that verify with its subscription's secret. */
class BillingSystem {
  secret = '';
  readonly events: Array<{ type: string; data: Record<string, any> }> = [];
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        const event = new Webhook(this.secret).verify(Buffer.concat(chunks).toString('utf8'), req.headers as Record<string, string>) as any;
        this.events.push({ type: event.type, data: event.data });
        res.statusCode = 204;
      } catch {
        res.statusCode = 400;
      }
      res.end();
    });
  });

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/ccm-events`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('dispatch closes the loop: providers, callbacks, opt-out, fallback and events (e2e)', () => {
  const twilioServer = new FakeTwilioServer();
  const whatsappServer = new FakeWhatsAppCloudServer();
  const billing = new BillingSystem();
  const mails: Mail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks) });
        callback();
      });
    },
  });
  let platform: TestPlatform;
  let auth: Record<string, string>;
  let phones = 0;

  beforeAll(async () => {
    await twilioServer.listen();
    await whatsappServer.listen();
    const eventsUrl = await billing.listen();
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
    platform = await startTestPlatform({
      ...twilioServer.env(),
      ...whatsappServer.env(),
      WHATSAPP_APP_SECRET: APP_SECRET,
      CCM_EMAIL_TRANSPORT: 'smtp',
      SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
      CCM_WEBHOOKS_ALLOW_PRIVATE_URLS: 'true',
      CCM_WEBHOOKS_RETRY_SCHEDULE_MS: '100,100,100',
    });
    auth = { Authorization: `Bearer ${await platform.keyFor('billing')}` };
    const admin = { Authorization: `Bearer ${await platform.keyFor('admin')}` };
    const subscription = await platform.http
      .post('/v1/webhook-subscriptions')
      .set(admin)
      .send({ url: eventsUrl, eventTypes: ['delivery.sent', 'delivery.delivered', 'delivery.failed', 'delivery.skipped'] })
      .expect(201);
    billing.secret = subscription.body.secret;
  }, 120_000);

  afterAll(async () => {
    await platform?.close();
    await twilioServer.close();
    await whatsappServer.close();
    await billing.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  function invoice(externalRef: string, channels: string[], customerId = `C-${externalRef}`): Record<string, any> {
    phones += 1;
    const body = fixture('invoice-en-us.json');
    body.externalRef = externalRef;
    body.channels = channels;
    body.dispatch = true;
    body.recipient = { ...body.recipient, customerId, phone: `+1212555${String(2000 + phones)}`, whatsapp: `+1212555${String(3000 + phones)}` };
    return body;
  }

  const post = async (body: Record<string, any>) => (await platform.http.post('/v1/documents').set(auth).send(body).expect(201)).body.id as string;
  const deliveriesOf = async (id: string) => (await platform.http.get(`/v1/documents/${id}`).set(auth).expect(200)).body.deliveries as any[];
  const deliveryIn = (id: string, channel: string, statuses: string[]) =>
    until(`${channel} delivery of ${id} in ${statuses}`, async () => (await deliveriesOf(id)).find((d) => d.channel === channel && statuses.includes(d.status)));
  const signTwilio = (params: Record<string, string>) => twilio.getExpectedTwilioSignature(twilioServer.authToken, TWILIO_URL, params);
  const rendition = async (id: string, channel: string) =>
    (await platform.http.get(`/v1/documents/${id}/renditions/${channel}`).set(auth).buffer(true).parse(bytesBody).expect(200)).body as Buffer;

  it('emails an invoice as multipart with its PDF, and a billing system hears it was sent', async () => {
    const body = invoice('LOOP-EMAIL', ['email', 'pdf']);
    const id = await post(body);
    const delivery = await deliveryIn(id, 'email', ['sent']);
    const mail = await until('the email', () => mails.find((m) => m.to.includes(body.recipient.email)));
    const parsed = await simpleParser(mail.raw);
    expect(parsed.messageId).toBe(delivery.messageId);
    expect(parsed.html).toContain(body.data.invoice.number);
    expect(parsed.text).toContain(body.data.invoice.number);
    // Inline images (the logo, by cid) are parts too; the invoice is the one attachment.
    const attached = parsed.attachments.filter((a) => a.contentDisposition === 'attachment');
    expect(attached.map((a) => a.contentType)).toEqual(['application/pdf']);
    expect(attached[0].content.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const announced = await until('delivery.sent', () => billing.events.find((e) => e.type === 'delivery.sent' && e.data.deliveryId === delivery.id));
    // The event carries the delivery as the settle stored it, not as the sender believed it.
    expect(announced.data).toMatchObject({
      documentId: id,
      channel: 'email',
      status: 'sent',
      provider: delivery.provider,
      providerMessageId: delivery.providerMessageId,
      messageId: delivery.messageId,
      attempts: 1,
      lastError: null,
      sentAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
  });

  it('texts an invoice, and Twilio\'s signed callback moves it to delivered; a forged one changes nothing', async () => {
    const id = await post(invoice('LOOP-SMS', ['sms']));
    const delivery = await deliveryIn(id, 'sms', ['sent']);
    const sms = twilioServer.messages.find((m) => m.sid === delivery.providerMessageId)!;
    expect(sms.body).toBe(JSON.parse((await rendition(id, 'sms')).toString('utf8')).text);

    const forged = twilioStatus(delivery.providerMessageId, 'undelivered', '30003');
    await postTwilio(platform, forged, signTwilio(twilioStatus(delivery.providerMessageId, 'delivered'))).expect(401);
    expect((await deliveriesOf(id))[0].status).toBe('sent');

    const delivered = twilioStatus(delivery.providerMessageId, 'delivered');
    await postTwilio(platform, delivered, signTwilio(delivered)).expect(200);
    await postTwilio(platform, delivered, signTwilio(delivered)).expect(200);
    const sent = twilioStatus(delivery.providerMessageId, 'sent');
    await postTwilio(platform, sent, signTwilio(sent)).expect(200);
    const [after] = await deliveriesOf(id);
    expect(after).toMatchObject({ status: 'delivered', id: delivery.id });
    expect(after.deliveredAt).toEqual(expect.any(String));
    const announced = await until('delivery.delivered', () => billing.events.find((e) => e.type === 'delivery.delivered' && e.data.deliveryId === delivery.id));
    expect(announced.data).toMatchObject({ channel: 'sms', status: 'delivered', documentId: id });
  });

  it('sends the stored Cloud API message, and Meta\'s signed status webhook moves it to read', async () => {
    const id = await post(invoice('LOOP-WA', ['whatsapp']));
    const delivery = await deliveryIn(id, 'whatsapp', ['sent']);
    const message = whatsappServer.messages.find((m) => m.id === delivery.providerMessageId)!;
    expect(message.raw.equals(await rendition(id, 'whatsapp'))).toBe(true);

    const status = (name: string) =>
      whatsappNotification({ statuses: [{ id: message.id, status: name, timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: message.to.slice(1) }] });
    const read = status('read');
    await postWhatsApp(platform, read, metaSignature(read, 'not-the-app-secret')).expect(401);
    await postWhatsApp(platform, read.replace('"read"', '"failed"'), metaSignature(read, APP_SECRET)).expect(401);
    expect((await deliveriesOf(id))[0].status).toBe('sent');
    await postWhatsApp(platform, read, metaSignature(read, APP_SECRET)).expect(200);
    const delivered = status('delivered');
    await postWhatsApp(platform, delivered, metaSignature(delivered, APP_SECRET)).expect(200);
    expect((await deliveriesOf(id))[0]).toMatchObject({ status: 'read', deliveredAt: expect.any(String), readAt: expect.any(String) });
  });

  it('after a STOP reply the next invoice skips SMS, says why, and goes by email instead', async () => {
    const first = invoice('LOOP-STOP-1', ['sms', 'email'], 'C-STOPPER');
    await deliveryIn(await post(first), 'sms', ['sent']);
    const stop = twilioInbound(first.recipient.phone, ' stop ');
    await postTwilio(platform, stop, signTwilio(stop)).expect(200);

    const next = invoice('LOOP-STOP-2', ['sms', 'email'], 'C-STOPPER');
    const id = await post(next);
    const email = await deliveryIn(id, 'email', ['sent']);
    const sms = (await deliveriesOf(id)).find((d) => d.channel === 'sms');
    expect(sms).toMatchObject({ status: 'skipped', skipReason: 'opted out (STOP)' });
    expect(email.reason).toBe('fallback after sms opted out');
    expect(twilioServer.messages.some((m) => m.to === next.recipient.phone)).toBe(false);
    await until('delivery.skipped', () => billing.events.find((e) => e.type === 'delivery.skipped' && e.data.deliveryId === sms.id));
  });

  it('falls back to email when the carrier later reports the SMS undelivered', async () => {
    const body = invoice('LOOP-UNDELIVERED', ['sms', 'email']);
    const id = await post(body);
    const sms = await deliveryIn(id, 'sms', ['sent']);
    const undelivered = twilioStatus(sms.providerMessageId, 'undelivered', '30003');
    await postTwilio(platform, undelivered, signTwilio(undelivered)).expect(200);
    await postTwilio(platform, undelivered, signTwilio(undelivered)).expect(200);
    const email = await deliveryIn(id, 'email', ['sent']);
    expect(email.reason).toBe('fallback after sms undelivered');
    expect((await deliveriesOf(id)).filter((d) => d.channel === 'email')).toHaveLength(1);
    await until('the fallback email', () => mails.find((m) => m.to.includes(body.recipient.email)));
    const failed = await until('delivery.failed', () => billing.events.find((e) => e.type === 'delivery.failed' && e.data.deliveryId === sms.id));
    expect(failed.data).toMatchObject({ channel: 'sms', status: 'failed' });
  });
});
