import type { PaymentProviderDriver } from '@app/config';
import type { PaymentMethod } from './payment-confirmation';

/** Where a payment came from: a provider's verified webhook, or the billing system saying it was paid elsewhere. */
export const PAYMENT_SOURCES = ['stripe', 'hosted', 'test-checkout', 'billing-system'] as const;
export type PaymentSource = (typeof PAYMENT_SOURCES)[number];

export type PaymentProviderName = PaymentProviderDriver;

export interface CheckoutRequest {
  /** Our own id of this checkout (`checkout_sessions.id`): what a hosted page echoes back as its reference. */
  readonly checkoutId: string;
  readonly documentId: string;
  readonly linkId: string;
  /** Exactly what is due, in the currency's ISO 4217 minor units (cents, fils, yen). */
  readonly amountMinor: bigint;
  readonly currency: string;
  /** What the customer sees they are paying for, e.g. "Invoice INV-2026-000122". */
  readonly description: string;
  /** The document's locale, e.g. `ar-KW`. */
  readonly locale: string;
  readonly customerEmail?: string;
  readonly successUrl: string;
  readonly cancelUrl: string;
  /** One per press of the pay button: a retried call creates no second session. */
  readonly idempotencyKey: string;
}

export interface CheckoutSession {
  readonly providerSessionId: string;
  /** Where the customer's browser goes to pay. */
  readonly redirectUrl: string;
  /**
   * The amount the provider was asked for, as a decimal string in the currency's
   * precision, when it differs from the amount due (Stripe's three-decimal rule).
   */
  readonly chargedAmount?: string;
}

/** A payment a provider says it completed, after its signature checked out. */
export interface PaymentCompleted {
  /** The provider's own id of the payment: the same on every retry of its webhook. */
  readonly providerReference: string;
  /** The document paid, when the provider carries it back (Stripe's `client_reference_id`). */
  readonly documentId: string | null;
  /** The provider's session, to find the document by when the provider does not know it. */
  readonly providerSessionId: string | null;
  /** Decimal string in the currency's ISO 4217 precision, e.g. "20.750". */
  readonly amount: string;
  readonly currency: string;
  readonly paidAt: Date;
  /** How the customer paid, when the provider says; card otherwise. */
  readonly method?: PaymentMethod;
}

export type WebhookHeaders = Readonly<Record<string, string | string[] | undefined>>;

/**
 * Where customers pay. One provider is configured (`CCM_PAYMENT_PROVIDER`,
 * chosen in `payment-provider.factory.ts`): it starts checkouts for exactly what
 * an invoice owes and verifies the webhooks that say a payment completed.
 */
export abstract class PaymentProvider {
  abstract readonly name: PaymentProviderName;

  abstract createCheckout(request: CheckoutRequest): Promise<CheckoutSession>;

  /**
   * Verifies the webhook's signature over the exact bytes received, before the
   * body is even parsed, and returns the completed payment it reports, or null
   * for an event that completes none. A bad or missing signature throws
   * `DomainError('unauthenticated')`.
   */
  abstract verifyWebhook(rawBody: Buffer, headers: WebhookHeaders): PaymentCompleted | null;
}

/** A header's single value, as Node gives repeated headers as arrays. */
export function headerValue(headers: WebhookHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
