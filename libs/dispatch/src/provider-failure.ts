/**
 * A provider refused or could not take a message. `permanent` means no retry
 * can help (an invalid number, an unknown mailbox, a rejected template);
 * anything else (5xx, 429, 408, timeouts, refused connections, SMTP 4xx) may
 * succeed later, not before `retryAfterMs` when the provider said so.
 */
export class ProviderFailure extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly details: { readonly retryAfterMs?: number; readonly providerCode?: string | number; readonly status?: number } = {},
  ) {
    super(message);
    this.name = 'ProviderFailure';
  }

  /** Anything thrown that is not a classified failure: worth a retry, never a reason to give up at once. */
  static from(error: unknown): ProviderFailure {
    if (error instanceof ProviderFailure) return error;
    return new ProviderFailure(String((error as Error)?.message ?? error), false);
  }
}

/** What a provider answered on acceptance. */
export interface Accepted {
  /** `outbox`, `smtp`, `twilio`, `cloud-api`: who accepted it. */
  readonly provider: string;
  /** What the provider calls it. */
  readonly providerMessageId: string;
}
