import { createHmac, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import twilio from 'twilio';
import { DataSource } from 'typeorm';
import { DeliveryChannel, DeliveryRepository } from '../../libs/dispatch/src';
import { fixture } from './fixtures';
import type { TestPlatform } from './test-platform';

/** The provider secrets a webhook test platform is started with. */
export const TWILIO_AUTH_TOKEN = 'twilio-test-auth-token-0123456789ab';
export const WHATSAPP_APP_SECRET = 'whatsapp-test-app-secret-0123456789';
export const WHATSAPP_VERIFY_TOKEN = 'whatsapp-verify-token-42';
export const WEBHOOK_ENV = { TWILIO_AUTH_TOKEN, WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN };
/** startTestPlatform's CCM_PUBLIC_URL: what Twilio signs, whatever Host the request carries. */
export const TWILIO_WEBHOOK_URL = 'https://billing.example.test/v1/webhooks/twilio';

/** Posts a Twilio callback signed as Twilio signs it (the twilio package's own algorithm). */
export function postTwilio(platform: TestPlatform, params: Record<string, string>, signature = twilio.getExpectedTwilioSignature(TWILIO_AUTH_TOKEN, TWILIO_WEBHOOK_URL, params)) {
  return platform.http.post('/v1/webhooks/twilio').set('X-Twilio-Signature', signature).type('form').send(params);
}

export function twilioStatus(sid: string, status: string, errorCode?: string): Record<string, string> {
  return {
    AccountSid: 'AC00000000000000000000000000000000',
    ApiVersion: '2010-04-01',
    From: '+15005550006',
    MessageSid: sid,
    SmsSid: sid,
    MessageStatus: status,
    SmsStatus: status,
    To: '+14155550100',
    ...(errorCode ? { ErrorCode: errorCode } : {}),
  };
}

export function twilioInbound(from: string, body: string): Record<string, string> {
  const sid = `SM${randomBytes(16).toString('hex')}`;
  return { AccountSid: 'AC00000000000000000000000000000000', ApiVersion: '2010-04-01', MessageSid: sid, SmsMessageSid: sid, SmsStatus: 'received', From: from, To: '+15005550006', Body: body, NumMedia: '0', NumSegments: '1' };
}

export function metaSignature(body: string | Buffer, secret = WHATSAPP_APP_SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Posts the exact bytes given, signed over those bytes, as Meta does. */
export function postWhatsApp(platform: TestPlatform, body: string, signature: string | null = metaSignature(body)) {
  const request = platform.http.post('/v1/webhooks/whatsapp').set('Content-Type', 'application/json');
  return (signature === null ? request : request.set('X-Hub-Signature-256', signature)).send(body);
}

/** A Cloud API notification, shaped as Meta sends one. */
export function whatsappNotification(value: { statuses?: unknown[]; messages?: unknown[] }): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' }, ...value } }],
      },
    ],
  });
}

export function whatsappStatus(id: string, status: string, unixSeconds: number, errorCode?: number): Record<string, unknown> {
  return {
    id,
    status,
    timestamp: String(unixSeconds),
    recipient_id: '14155550100',
    ...(status === 'failed' ? { errors: [{ code: errorCode ?? 131026, title: 'Message undeliverable', error_data: { details: 'Message Undeliverable.' } }] } : {}),
  };
}

export function whatsappText(from: string, body: string, unixSeconds = Math.floor(Date.now() / 1000)): Record<string, unknown> {
  return { from, id: `wamid.${randomBytes(12).toString('hex')}`, timestamp: String(unixSeconds), type: 'text', text: { body } };
}

/** Posts a document (not dispatched) for the customer; deliveries are then made through the repository. */
export async function postDocument(platform: TestPlatform, billingKey: string, customerId: string, externalRef: string): Promise<string> {
  const body = fixture('invoice-en-us.json');
  body.externalRef = externalRef;
  body.recipient.customerId = customerId;
  body.channels = ['email'];
  body.dispatch = false;
  return (await platform.http.post('/v1/documents').set('Authorization', `Bearer ${billingKey}`).send(body).expect(201)).body.id as string;
}

/**
 * A delivery the provider accepted, made as dispatch makes one (queued, sending,
 * settled sent with the provider's id), so the webhooks do not depend on the
 * SMS and WhatsApp transports.
 */
export async function sentDelivery(platform: TestPlatform, documentId: string, channel: string, recipient: string, provider: string, providerMessageId: string): Promise<string> {
  const deliveries = platform.app.get(DeliveryRepository);
  const delivery = await deliveries.createQueued({ documentId, channel: channel as DeliveryChannel, recipient, messageId: `<${documentId}.${channel}@billing.example.test>`, reason: 'primary' });
  const sending = await deliveries.markSending(delivery.id);
  await platform.app.get(DataSource).transaction((manager) =>
    deliveries.settle(delivery.id, { attempt: sending!.attempt, startedAt: new Date(), outcome: 'sent', provider, providerMessageId, error: null }, manager),
  );
  return delivery.id;
}

/** Runs queries as the database owner, to read what the platform wrote. */
export async function withDatabase<T>(platform: TestPlatform, work: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: platform.databaseUrl });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

export interface DeliveryRow {
  readonly status: string;
  readonly last_error: string | null;
  readonly sent_at: Date | null;
  readonly delivered_at: Date | null;
  readonly read_at: Date | null;
  readonly updated_at: Date;
}

export function deliveryRow(db: Client, id: string): Promise<DeliveryRow> {
  return db.query('SELECT status, last_error, sent_at, delivered_at, read_at, updated_at FROM deliveries WHERE id = $1', [id]).then((r) => r.rows[0]);
}
