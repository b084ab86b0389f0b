import { type CheckoutRequest, type CheckoutSession, type PaymentCompleted, PaymentProvider, type WebhookHeaders } from './payment-provider';
import { completedPaymentOf } from './signed-payment-webhook';

export interface TestCheckoutSettings {
  readonly publicUrl: string;
  /** Derived from `CCM_SECRET` (`payment-secrets.ts`): signs the test checkout's completion webhook. */
  readonly secret: string;
  readonly toleranceSeconds: number;
}

/** Where the built-in test checkout page of a session is served. */
export function testCheckoutPath(checkoutId: string): string {
  return `/pay/test-checkout/${checkoutId}`;
}

/**
 * The default provider: the platform's own checkout page, marked TEST MODE, where
 * a button completes the payment. No money moves, but everything after the
 * button is real: the completion is a webhook signed like a hosted page's,
 * verified and recorded by the same code, so a newcomer sees the whole loop.
 */
export class TestCheckoutPaymentProvider extends PaymentProvider {
  readonly name = 'test-checkout' as const;

  constructor(private readonly settings: TestCheckoutSettings) {
    super();
  }

  async createCheckout(request: CheckoutRequest): Promise<CheckoutSession> {
    return { providerSessionId: request.checkoutId, redirectUrl: `${this.settings.publicUrl}${testCheckoutPath(request.checkoutId)}` };
  }

  verifyWebhook(rawBody: Buffer, headers: WebhookHeaders): PaymentCompleted | null {
    return completedPaymentOf(this.settings.secret, rawBody, headers, this.settings.toleranceSeconds);
  }
}
