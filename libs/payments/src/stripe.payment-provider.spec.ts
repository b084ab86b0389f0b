import Stripe from 'stripe';
import { DomainError } from '@app/kernel';
import { StripePaymentProvider } from './stripe.payment-provider';

describe('StripePaymentProvider webhooks', () => {
  const webhookSecret = 'whsec_test_0123456789abcdef0123456789';
  const provider = new StripePaymentProvider({ secretKey: 'sk_test_0123456789abcdef', webhookSecret, toleranceSeconds: 300 });
  const signer = new Stripe('sk_test_0123456789abcdef');
  const event = (type: string, session: Record<string, unknown>) =>
    JSON.stringify({ id: 'evt_1', object: 'event', created: 1796284800, type, data: { object: { id: 'cs_test_1', object: 'checkout.session', client_reference_id: 'doc-1', metadata: { documentId: 'doc-1' }, currency: 'kwd', amount_total: 5120, payment_intent: 'pi_1', ...session } } });
  const verify = (payload: string, secret = webhookSecret) =>
    provider.verifyWebhook(Buffer.from(payload), { 'stripe-signature': signer.webhooks.generateTestHeaderString({ payload, secret }) });

  it('reads a paid session: the payment intent, the document, what Stripe charged in ISO minor units', () => {
    expect(verify(event('checkout.session.completed', { payment_status: 'paid' }))).toEqual({
      providerReference: 'pi_1',
      documentId: 'doc-1',
      providerSessionId: 'cs_test_1',
      amount: '5.120',
      currency: 'KWD',
      paidAt: new Date(1796284800 * 1000),
    });
  });

  it('waits for async_payment_succeeded when the completed session is not paid yet', () => {
    expect(verify(event('checkout.session.completed', { payment_status: 'unpaid' }))).toBeNull();
    expect(verify(event('checkout.session.async_payment_succeeded', { payment_status: 'paid' }))).toMatchObject({ providerReference: 'pi_1' });
  });

  it('ignores other events', () => {
    expect(verify(event('checkout.session.expired', { payment_status: 'unpaid' }))).toBeNull();
  });

  it('refuses a signature made with another secret, or none', () => {
    const payload = event('checkout.session.completed', { payment_status: 'paid' });
    expect(() => verify(payload, 'whsec_another_0123456789abcdef')).toThrow(DomainError);
    expect(() => provider.verifyWebhook(Buffer.from(payload), {})).toThrow(/Stripe-Signature/);
  });
});
