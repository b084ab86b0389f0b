import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret } from './webhook-secret';
import { webhookSignature } from './webhook-signature';

describe('webhookSignature', () => {
  const body = JSON.stringify({ type: 'document.rendered', timestamp: '2026-12-03T04:00:00.000Z', data: { documentId: 'd1' } });
  const at = new Date();

  it('makes headers the Standard Webhooks reference library verifies', () => {
    const secret = generateWebhookSecret();
    const headers = webhookSignature([secret], 'msg_abc', at, body);
    expect(headers['webhook-id']).toBe('msg_abc');
    expect(headers['webhook-timestamp']).toBe(String(Math.floor(at.getTime() / 1000)));
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('fails verification for a changed body, another id or another secret', () => {
    const secret = generateWebhookSecret();
    const headers = webhookSignature([secret], 'msg_abc', at, body);
    expect(() => new Webhook(secret).verify(body.replace('d1', 'd2'), { ...headers })).toThrow();
    expect(() => new Webhook(secret).verify(body, { ...headers, 'webhook-id': 'msg_other' })).toThrow();
    expect(() => new Webhook(generateWebhookSecret()).verify(body, { ...headers })).toThrow();
  });

  it('signs with the old and the new secret during a rotation, so either verifies', () => {
    const [newer, older] = [generateWebhookSecret(), generateWebhookSecret()];
    const headers = webhookSignature([newer, older], 'msg_rot', at, body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(newer).verify(body, { ...headers })).toBeTruthy();
    expect(new Webhook(older).verify(body, { ...headers })).toBeTruthy();
  });

  it('makes secrets of at least 24 random bytes behind whsec_', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64').length).toBeGreaterThanOrEqual(24);
    expect(generateWebhookSecret()).not.toBe(secret);
  });
});
