import { type CheckoutRequest, type CheckoutSession, type PaymentCompleted, PaymentProvider, type WebhookHeaders } from './payment-provider';
import { fromMinorUnits } from './minor-units';
import { completedPaymentOf } from './signed-payment-webhook';

export interface HostedSettings {
  /** e.g. `https://bank.example/pay?ref={reference}&amount={amount}&currency={currency}&return={returnUrl}`. */
  readonly payUrlTemplate: string;
  readonly secret: string;
  readonly toleranceSeconds: number;
}

/**
 * A bank's or gateway's own payment page: the customer is sent to a URL made
 * from a template, and the page reports the payment back with a webhook signed
 * the way `signed-payment-webhook.ts` (and the README) describes. The page is
 * given our checkout's id as `{reference}` and must echo it.
 */
export class HostedPaymentProvider extends PaymentProvider {
  readonly name = 'hosted' as const;

  constructor(private readonly settings: HostedSettings) {
    super();
  }

  async createCheckout(request: CheckoutRequest): Promise<CheckoutSession> {
    const values: Record<string, string> = {
      reference: request.checkoutId,
      amount: fromMinorUnits(request.amountMinor, request.currency),
      currency: request.currency,
      returnUrl: request.successUrl,
      cancelUrl: request.cancelUrl,
      description: request.description,
      locale: request.locale,
    };
    // Every value is URL-encoded, so none can add a parameter or change the page's host.
    const redirectUrl = this.settings.payUrlTemplate.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
      name in values ? encodeURIComponent(values[name]) : placeholder,
    );
    return { providerSessionId: request.checkoutId, redirectUrl };
  }

  verifyWebhook(rawBody: Buffer, headers: WebhookHeaders): PaymentCompleted | null {
    return completedPaymentOf(this.settings.secret, rawBody, headers, this.settings.toleranceSeconds);
  }
}
