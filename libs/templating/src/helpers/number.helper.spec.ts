import type { LocaleInfo } from '@app/contracts';
import type { MergeContext } from '../merge-context';
import { AR_SA, EN_US, mergeTestContext, testEngine as engine, testEnv as env } from '../../../../test/support/merge-test-context';

function context(data: Record<string, unknown>, locale: LocaleInfo = AR_SA): MergeContext {
  return mergeTestContext(locale, data);
}

describe('number', () => {
  it('formats quantities with the decimals they were written with, in the locale digits', () => {
    const template = engine.compile('{{number line.quantity}}', { escape: 'none' });
    expect(template(context({ line: { quantity: '1234.50' } }, EN_US), env)).toBe('1,234.50');
    expect(template(context({ line: { quantity: 3 } }, EN_US), env)).toBe('3');
    expect(template(context({ line: { quantity: '2' } }), env)).toBe('\u2068٢\u2069');
  });

  it('rejects what is not a number, naming the field', () => {
    const template = engine.compile('{{number line.quantity}}', { escape: 'none' });
    expect(() => template(context({ line: { quantity: 'two' } }, EN_US), env)).toThrow(
      expect.objectContaining({ code: 'validation_failed', errors: [expect.objectContaining({ pointer: '/data/line/quantity' })] }),
    );
  });
});
