/** Each delay is spread by up to this share either way, so retries of many deliveries do not arrive together. */
const JITTER = 0.2;

/**
 * When the try after `attemptsMade` failed tries should run, or null when the
 * schedule is used up. `random` is in [0, 1).
 */
export function nextRetryDelayMs(scheduleMs: readonly number[], attemptsMade: number, random: () => number = Math.random): number | null {
  if (attemptsMade < 1 || attemptsMade > scheduleMs.length) return null;
  const base = scheduleMs[attemptsMade - 1];
  return Math.max(0, Math.round(base * (1 - JITTER + 2 * JITTER * random())));
}
