import { createHmac } from 'node:crypto';

/**
 * The test checkout's webhook key, derived from the platform's signing secret
 * (`CCM_SECRET`) under its own label: every process derives the same key, and
 * no other use of the secret can produce it.
 */
export function testCheckoutSecret(signingSecret: string): string {
  return createHmac('sha256', signingSecret).update('ccm/payments/test-checkout-webhook').digest('hex');
}

/** Key of the test checkout page's anti-forgery tokens, apart from the webhook's. */
export function testCheckoutFormSecret(signingSecret: string): string {
  return createHmac('sha256', signingSecret).update('ccm/payments/test-checkout-form').digest('hex');
}

/** The test checkout's webhook key, as `PaymentsModule` provides it to what signs the completion. */
export abstract class TestCheckoutSigningKey {
  abstract readonly secret: string;
}
