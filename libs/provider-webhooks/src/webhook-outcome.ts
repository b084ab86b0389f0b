/** What a provider webhook did that a caller may act on. */
export interface WebhookOutcome {
  /**
   * Deliveries this webhook failed (each reported once, by the callback that
   * failed it): where another channel may be tried.
   */
  readonly newlyFailedDeliveryIds: readonly string[];
}
