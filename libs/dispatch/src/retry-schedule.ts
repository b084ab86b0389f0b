export interface BackoffSettings {
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
}

/**
 * When the try after `attempt` may start: exponential backoff with equal
 * jitter — half of base·2^(attempt−1) (capped) for certain, plus a random
 * share of the other half — never sooner than a provider's Retry-After. The
 * random half spreads the retries of many deliveries apart; the certain half
 * means the tries together always span a known time (with the defaults, the
 * first five waits add up to at least 31 s and all nine to at least 8 min), so
 * an outage that long cannot use them up by bad luck, as full jitter's
 * near-zero waits can.
 */
export function nextAttemptAt(attempt: number, settings: BackoffSettings, now: Date, retryAfterMs = 0, random: () => number = Math.random): Date {
  const ceiling = Math.min(settings.backoffMaxMs, settings.backoffBaseMs * 2 ** Math.max(0, attempt - 1));
  const wait = Math.max(Math.floor(ceiling / 2 + random() * (ceiling / 2)), retryAfterMs);
  return new Date(now.getTime() + wait);
}
