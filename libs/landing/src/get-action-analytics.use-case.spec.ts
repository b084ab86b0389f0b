import { percentile } from './get-action-analytics.use-case';

describe('percentile', () => {
  it('interpolates between closest ranks as percentile_cont does', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([60], 0.9)).toBe(60);
    expect(percentile([10, 20, 30, 40], 0.5)).toBe(25);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9.1);
  });
});
