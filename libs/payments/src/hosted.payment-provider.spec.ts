import { DomainError } from '@app/kernel';
import { HostedPaymentProvider } from './hosted.payment-provider';
import { signPaymentWebhook } from './signed-payment-webhook';

describe('HostedPaymentProvider', () => {
  const secret = 'gateway-shared-secret-0123456789abcdef0123';
  const provider = new HostedPaymentProvider({
    payUrlTemplate: 'https://bank.example/pay?ref={reference}&amount={amount}&currency={currency}&return={returnUrl}',
    secret,
    toleranceSeconds: 300,
  });
  const now = () => Math.floor(Date.now() / 1000);

  it('sends the customer to the template with every value URL-encoded, the amount in the currency precision', async () => {
    const session = await provider.createCheckout({
      checkoutId: '7d6f0c1e-0d7a-4b5e-9a51-3f7f0b8c2a11',
      documentId: 'd',
      linkId: 'l',
      amountMinor: 20750n,
      currency: 'KWD',
      description: 'Invoice INV-1',
      locale: 'ar-KW',
      successUrl: 'https://billing.example.test/a/pay/abc?checkout=complete&x=1',
      cancelUrl: 'https://billing.example.test/a/pay/abc?checkout=cancelled',
      idempotencyKey: 'k',
    });
    expect(session.providerSessionId).toBe('7d6f0c1e-0d7a-4b5e-9a51-3f7f0b8c2a11');
    const url = new URL(session.redirectUrl);
    expect(url.host).toBe('bank.example');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      ref: '7d6f0c1e-0d7a-4b5e-9a51-3f7f0b8c2a11',
      amount: '20.750',
      currency: 'KWD',
      return: 'https://billing.example.test/a/pay/abc?checkout=complete&x=1',
    });
  });

  it('accepts a completion signed with the shared secret and reads the payment', () => {
    const body = Buffer.from(JSON.stringify({ type: 'payment.completed', reference: 'ref-1', paymentId: 'BANK-991', amount: '20.750', currency: 'KWD', paidAt: '2026-12-03T08:00:00Z', method: 'bank-transfer' }));
    expect(provider.verifyWebhook(body, signPaymentWebhook(secret, body, now()))).toEqual({
      providerReference: 'BANK-991',
      documentId: null,
      providerSessionId: 'ref-1',
      amount: '20.750',
      currency: 'KWD',
      paidAt: new Date('2026-12-03T08:00:00Z'),
      method: 'bank-transfer',
    });
  });

  it('refuses a completion signed with another secret before reading it', () => {
    const body = Buffer.from('{"type":"payment.completed"');
    const attempt = () => provider.verifyWebhook(body, signPaymentWebhook('another-secret-0123456789abcdef-0123456', body, now()));
    expect(attempt).toThrow(DomainError);
    expect(attempt).toThrow(/signature/);
  });
});
