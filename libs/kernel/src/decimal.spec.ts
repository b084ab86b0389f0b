import { add, equals, formatDecimal, multiply, parseDecimal, rescale } from './decimal';

const d = (text: string) => parseDecimal(text)!;

describe('decimal money arithmetic', () => {
  it('keeps exact values where floats would drift', () => {
    expect(formatDecimal(add(d('0.10'), d('0.20')))).toBe('0.30');
    expect(formatDecimal(multiply(d('32'), d('0.12')))).toBe('3.84');
  });

  it('rounds half away from zero to the currency precision', () => {
    expect(formatDecimal(rescale(d('6.77438'), 2))).toBe('6.77');
    expect(formatDecimal(rescale(d('0.125'), 2))).toBe('0.13');
    expect(formatDecimal(rescale(d('-0.125'), 2))).toBe('-0.13');
    expect(formatDecimal(rescale(d('1199.5'), 0))).toBe('1200');
  });

  it('compares across scales and rejects what is not a plain decimal', () => {
    expect(equals(d('12.5'), d('12.500'))).toBe(true);
    expect(parseDecimal('1e3')).toBeNull();
    expect(parseDecimal('12.')).toBeNull();
    expect(parseDecimal(' 1')).toBeNull();
  });
});
