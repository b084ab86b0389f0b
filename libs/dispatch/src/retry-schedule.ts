export interface BackoffSettings {
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
}

/**
 * When the try after `attempt` may start: exponential backoff with full jitter
 * (a random wait up to base·2^(attempt−1), capped), so retries of many
 * deliveries spread out instead of arriving together; never sooner than a
 * provider's Retry-After.
 */
export function nextAttemptAt(attempt: number, settings: BackoffSettings, now: Date, retryAfterMs = 0, random: () => number = Math.random): Date {
  const ceiling = Math.min(settings.backoffMaxMs, settings.backoffBaseMs * 2 ** Math.max(0, attempt - 1));
  const wait = Math.max(Math.floor(random() * ceiling), retryAfterMs);
  return new Date(now.getTime() + wait);
}
