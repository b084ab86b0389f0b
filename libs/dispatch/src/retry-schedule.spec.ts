import { nextAttemptAt } from './retry-schedule';

describe('when the next try may start', () => {
  const settings = { backoffBaseMs: 1_000, backoffMaxMs: 10_000 };
  const now = new Date('2026-12-03T10:00:00Z');
  const wait = (attempt: number, random: number, retryAfterMs?: number) => nextAttemptAt(attempt, settings, now, retryAfterMs, () => random).getTime() - now.getTime();

  it('waits half of a ceiling that doubles with each try for certain, plus a random share of the other half, up to the cap', () => {
    expect(wait(1, 0.999)).toBe(999);
    expect(wait(1, 0)).toBe(500);
    expect(wait(2, 0.5)).toBe(1_500);
    expect(wait(3, 0.5)).toBe(3_000);
    expect(wait(10, 0.5)).toBe(7_500);
    expect(wait(3, 0)).toBe(2_000);
  });

  it('spans at least half the sum of the ceilings, however the dice fall', () => {
    const defaults = { backoffBaseMs: 2_000, backoffMaxMs: 900_000 };
    const least = (tries: number) =>
      Array.from({ length: tries }, (_, i) => nextAttemptAt(i + 1, defaults, now, 0, () => 0).getTime() - now.getTime()).reduce((a, b) => a + b, 0);
    expect(least(5)).toBe(31_000);
    expect(least(9)).toBe(511_000);
  });

  it('never sooner than the Retry-After the provider asked for', () => {
    expect(wait(1, 0.1, 30_000)).toBe(30_000);
    expect(wait(4, 0.9, 100)).toBe(7_600);
  });
});
