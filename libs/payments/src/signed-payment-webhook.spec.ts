import { DomainError } from '@app/kernel';
import { parseSignedPaymentEvent, signPaymentWebhook, verifyPaymentWebhookSignature } from './signed-payment-webhook';

describe('signed payment webhooks', () => {
  const secret = 'hosted-secret-0123456789abcdef-0123456789';
  const body = Buffer.from(JSON.stringify({ type: 'payment.completed', reference: 'r1', paymentId: 'p1', amount: '20.750', currency: 'KWD', paidAt: '2026-12-03T08:00:00Z' }));
  const now = new Date('2026-12-03T08:00:10Z');
  const at = Math.floor(now.getTime() / 1000);

  it('accepts the body signed with the secret and its timestamp', () => {
    expect(() => verifyPaymentWebhookSignature(secret, body, signPaymentWebhook(secret, body, at), 300, now)).not.toThrow();
  });

  it('accepts one matching value among several during a rotation', () => {
    const headers = signPaymentWebhook(secret, body, at);
    headers['x-ccm-payment-signature'] = `v1=${'0'.repeat(64)}, ${headers['x-ccm-payment-signature']}`;
    expect(() => verifyPaymentWebhookSignature(secret, body, headers, 300, now)).not.toThrow();
  });

  it.each([
    ['another secret', () => signPaymentWebhook('x'.repeat(40), body, at)],
    ['a changed body', () => signPaymentWebhook(secret, Buffer.from(body.toString().replace('20.750', '2.750')), at)],
    ['a stale timestamp', () => signPaymentWebhook(secret, body, at - 301)],
    ['no signature', () => ({ 'x-ccm-payment-timestamp': String(at) })],
  ])('refuses %s', (_what, headers) => {
    expect(() => verifyPaymentWebhookSignature(secret, body, headers(), 300, now)).toThrow(DomainError);
    try {
      verifyPaymentWebhookSignature(secret, body, headers(), 300, now);
    } catch (error) {
      expect((error as DomainError).code).toBe('unauthenticated');
    }
  });

  it('reads a completed payment and ignores other event types', () => {
    expect(parseSignedPaymentEvent(body)).toMatchObject({ reference: 'r1', paymentId: 'p1', amount: '20.750', currency: 'KWD' });
    expect(parseSignedPaymentEvent(Buffer.from('{"type":"payment.pending"}'))).toBeNull();
  });

  it('names the malformed fields', () => {
    const bad = Buffer.from(JSON.stringify({ type: 'payment.completed', reference: 'r1', paymentId: '', amount: '-1', currency: 'XXX', paidAt: 'soon' }));
    try {
      parseSignedPaymentEvent(bad);
      throw new Error('accepted');
    } catch (error) {
      expect((error as DomainError).errors.map((e) => e.pointer).sort()).toEqual(['/amount', '/currency', '/paidAt', '/paymentId']);
    }
  });
});
