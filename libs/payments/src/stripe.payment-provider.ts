import Stripe from 'stripe';
import { DomainError } from '@app/kernel';
import {
  type CheckoutRequest,
  type CheckoutSession,
  headerValue,
  type PaymentCompleted,
  PaymentProvider,
  type WebhookHeaders,
} from './payment-provider';
import { fromMinorUnits } from './minor-units';
import { fromStripeUnits, toStripeAmount } from './stripe-amounts';

export interface StripeSettings {
  readonly secretKey: string;
  readonly webhookSecret: string;
  /** A Stripe-compatible API instead of api.stripe.com, e.g. `http://127.0.0.1:12111`. */
  readonly apiUrl?: string;
  readonly toleranceSeconds: number;
}

/** The languages Stripe Checkout is shown in that the platform's templates also speak; others get `auto`. */
const CHECKOUT_LOCALES: Readonly<Record<string, Stripe.Checkout.SessionCreateParams.Locale>> = { en: 'en', zh: 'zh' };

/**
 * Stripe Checkout through the official `stripe` package: one Checkout Session in
 * `payment` mode per press of the pay button, for exactly the amount due, and
 * its `checkout.session.completed` (or, for delayed methods,
 * `checkout.session.async_payment_succeeded`) webhook as the payment.
 */
export class StripePaymentProvider extends PaymentProvider {
  readonly name = 'stripe' as const;
  private readonly stripe: Stripe;

  constructor(private readonly settings: StripeSettings) {
    super();
    const api = settings.apiUrl ? new URL(settings.apiUrl) : undefined;
    this.stripe = new Stripe(settings.secretKey, {
      ...(api ? { host: api.hostname, port: Number(api.port || (api.protocol === 'http:' ? 80 : 443)), protocol: api.protocol === 'http:' ? 'http' : 'https' } : {}),
      // Safe to retry: every create carries the attempt's idempotency key.
      maxNetworkRetries: 2,
      timeout: 20_000,
    });
  }

  async createCheckout(request: CheckoutRequest): Promise<CheckoutSession> {
    const amount = toStripeAmount(request.amountMinor, request.currency);
    const metadata = { documentId: request.documentId, linkId: request.linkId, checkoutId: request.checkoutId };
    const session = await this.stripe.checkout.sessions.create(
      {
        mode: 'payment',
        line_items: [{ quantity: 1, price_data: { currency: amount.currency, unit_amount: amount.unitAmount, product_data: { name: request.description } } }],
        client_reference_id: request.documentId,
        metadata,
        payment_intent_data: { metadata, description: request.description },
        ...(request.customerEmail ? { customer_email: request.customerEmail } : {}),
        locale: CHECKOUT_LOCALES[request.locale.split('-')[0]] ?? 'auto',
        success_url: request.successUrl,
        cancel_url: request.cancelUrl,
      },
      { idempotencyKey: request.idempotencyKey },
    );
    if (!session.url) throw new Error(`Stripe returned Checkout Session ${session.id} without a url`);
    return {
      providerSessionId: session.id,
      redirectUrl: session.url,
      ...(amount.chargedMinor !== request.amountMinor ? { chargedAmount: fromMinorUnits(amount.chargedMinor, request.currency) } : {}),
    };
  }

  verifyWebhook(rawBody: Buffer, headers: WebhookHeaders): PaymentCompleted | null {
    const signature = headerValue(headers, 'stripe-signature');
    if (!signature) throw new DomainError('unauthenticated', 'The Stripe-Signature header is missing');
    let event: Stripe.Event;
    try {
      event = this.stripe.webhooks.constructEvent(rawBody, signature, this.settings.webhookSecret, this.settings.toleranceSeconds);
    } catch (error) {
      if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
        throw new DomainError('unauthenticated', 'The Stripe-Signature header does not match this body, or is too old');
      }
      throw error;
    }
    if (event.type !== 'checkout.session.completed' && event.type !== 'checkout.session.async_payment_succeeded') return null;
    const session = event.data.object;
    // A completed session whose delayed payment is still pending is paid only on async_payment_succeeded.
    if (session.payment_status !== 'paid' && session.payment_status !== 'no_payment_required') return null;
    if (session.amount_total === null || !session.currency) return null;
    const currency = session.currency.toUpperCase();
    const paymentIntent = typeof session.payment_intent === 'string' ? session.payment_intent : session.payment_intent?.id;
    return {
      // The payment intent when there is one (what the customer's receipt names), else the session:
      // both events of one session carry the same, so a retry or the second event records nothing new.
      providerReference: paymentIntent ?? session.id,
      documentId: session.client_reference_id ?? session.metadata?.documentId ?? null,
      providerSessionId: session.id,
      amount: fromMinorUnits(fromStripeUnits(BigInt(session.amount_total), currency), currency),
      currency,
      paidAt: new Date(event.created * 1000),
    };
  }
}
