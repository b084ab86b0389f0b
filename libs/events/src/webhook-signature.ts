import { Webhook } from 'standardwebhooks';

export interface SignedHeaders {
  readonly 'webhook-id': string;
  readonly 'webhook-timestamp': string;
  readonly 'webhook-signature': string;
}

/**
 * The Standard Webhooks headers for one try: `v1,<base64 HMAC-SHA256 of
 * "id.timestamp.body">` under each secret, space-separated, so a receiver
 * holding either the old or the new secret during a rotation verifies.
 */
export function webhookSignature(secrets: readonly string[], messageId: string, at: Date, body: string): SignedHeaders {
  if (!secrets.length) throw new Error('signing needs at least one secret');
  const signature = secrets.map((secret) => new Webhook(secret).sign(messageId, at, body)).join(' ');
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signature,
  };
}
