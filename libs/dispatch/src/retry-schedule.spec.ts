import { nextAttemptAt } from './retry-schedule';

describe('when the next try may start', () => {
  const settings = { backoffBaseMs: 1_000, backoffMaxMs: 10_000 };
  const now = new Date('2026-12-03T10:00:00Z');
  const wait = (attempt: number, random: number, retryAfterMs?: number) => nextAttemptAt(attempt, settings, now, retryAfterMs, () => random).getTime() - now.getTime();

  it('waits a random share of a ceiling that doubles with each try, up to the cap', () => {
    expect(wait(1, 0.999)).toBe(999);
    expect(wait(2, 0.5)).toBe(1_000);
    expect(wait(3, 0.5)).toBe(2_000);
    expect(wait(10, 0.5)).toBe(5_000);
    expect(wait(3, 0)).toBe(0);
  });

  it('never sooner than the Retry-After the provider asked for', () => {
    expect(wait(1, 0.1, 30_000)).toBe(30_000);
    expect(wait(4, 0.9, 100)).toBe(7_200);
  });
});
