/**
 * What the pay landing page's button does once a person pressed it: start a
 * checkout for exactly what the document owes. The payments capability
 * implements it; the page knows nothing of providers.
 */
export abstract class PayAction {
  /** `attemptKey` is unique per press of the button: the provider's idempotency key. */
  abstract startCheckout(input: { documentId: string; linkId: string; attemptKey: string }): Promise<{ redirectUrl: string }>;
}
