import { nextRetryDelayMs } from './webhook-backoff';

describe('nextRetryDelayMs', () => {
  const schedule = [5_000, 300_000, 1_800_000];

  it('follows the schedule, one delay per failed try, then stops', () => {
    const middle = () => 0.5;
    expect(nextRetryDelayMs(schedule, 1, middle)).toBe(5_000);
    expect(nextRetryDelayMs(schedule, 2, middle)).toBe(300_000);
    expect(nextRetryDelayMs(schedule, 3, middle)).toBe(1_800_000);
    expect(nextRetryDelayMs(schedule, 4, middle)).toBeNull();
    expect(nextRetryDelayMs(schedule, 0, middle)).toBeNull();
  });

  it('spreads each delay by at most a fifth either way', () => {
    expect(nextRetryDelayMs(schedule, 2, () => 0)).toBe(240_000);
    expect(nextRetryDelayMs(schedule, 2, () => 0.999_999)).toBeCloseTo(360_000, -1);
    const seen = new Set(Array.from({ length: 50 }, () => nextRetryDelayMs(schedule, 1)));
    for (const delay of seen) expect(delay).toBeGreaterThanOrEqual(4_000);
    for (const delay of seen) expect(delay).toBeLessThanOrEqual(6_000);
    expect(seen.size).toBeGreaterThan(1);
  });
});
