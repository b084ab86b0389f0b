import type { LocaleInfo } from '@app/contracts';
import type { MergeContext } from '../merge-context';
import { AR_SA, EN_US, mergeTestContext, testEngine as engine, testEnv as env } from '../../../../test/support/merge-test-context';

function context(data: Record<string, unknown>, locale: LocaleInfo = AR_SA): MergeContext {
  return mergeTestContext(locale, data);
}

describe('bdi', () => {
  it('isolates an invoice number with Unicode isolates in right-to-left HTML and text, and not in left-to-right', () => {
    const data = { invoice: { number: 'INV-2026-<1>' } };
    expect(engine.compile('رقم {{bdi invoice.number}}', { escape: 'html' })(context(data), env)).toBe('رقم \u2068INV-2026-&lt;1&gt;\u2069');
    expect(engine.compile('رقم {{bdi invoice.number}}', { escape: 'none' })(context(data), env)).toBe('رقم \u2068INV-2026-<1>\u2069');
    expect(engine.compile('No. {{bdi invoice.number}}', { escape: 'html' })(context(data, EN_US), env)).toBe('No. INV-2026-&lt;1&gt;');
  });
});
