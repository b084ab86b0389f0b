import { DomainError } from '@app/kernel';
import { MergeEngine } from '../merge-engine';
import type { LocaleInfo } from '@app/contracts';
import type { MergeContext } from '../merge-context';
import { MessageCatalog } from '../message-catalog';
import { mergeTestContext } from '../../../../test/support/merge-test-context';
import { formatMoney } from './money.helper';

const engine = new MergeEngine();
const catalog = new MessageCatalog('ar', {});
const AR_SA: LocaleInfo = { tag: 'ar-SA', language: 'ar', dir: 'rtl' };
const EN: LocaleInfo = { tag: 'en', language: 'en', dir: 'ltr' };

function context(locale: LocaleInfo, invoice: Record<string, unknown>): MergeContext {
  return mergeTestContext(locale, { invoice });
}

const strip = (text: string) => text.replace(/[\u200e\u200f\u00a0]/g, ' ');

describe('money', () => {
  it('formats each currency in its ISO 4217 precision', () => {
    expect(formatMoney('228.85', 'SAR', 'en')).toBe('SAR\u00a0228.85');
    expect(formatMoney('12.5', 'KWD', 'en')).toBe('KWD\u00a012.500');
    expect(formatMoney('1200', 'JPY', 'en')).toBe('¥1,200');
    expect(formatMoney('-5', 'USD', 'en-US')).toBe('-$5.00');
  });

  it('never rounds through a float, however large the amount', () => {
    expect(formatMoney('12345678901234567.89', 'USD', 'en-US')).toBe('$12,345,678,901,234,567.89');
    expect(formatMoney('0.10', 'USD', 'en-US')).toBe('$0.10');
  });

  it('writes Arabic-Indic digits where the region uses them', () => {
    expect(strip(formatMoney('12.500', 'KWD', 'ar-KW'))).toBe(' ١٢٫٥٠٠ د.ك. ');
    expect(strip(formatMoney('228.85', 'SAR', 'ar-SA'))).toBe(' ٢٢٨٫٨٥ ر.س. ');
    expect(formatMoney('228.85', 'EGP', 'ar-EG')).toContain('٢٢٨٫٨٥');
    expect(formatMoney('228.85', 'AED', 'ar-AE')).toContain('228.85');
  });

  it('rejects an amount with more decimals than its currency has, naming the field', () => {
    const template = engine.compile('{{money invoice.total invoice.currency}}', { escape: 'html' });
    let error: DomainError | undefined;
    try {
      template(context(EN, { total: '12.5000', currency: 'KWD' }), { catalog, channel: 'email' });
    } catch (caught) {
      error = caught as DomainError;
    }
    expect(error?.code).toBe('validation_failed');
    expect(error?.errors).toEqual([{ pointer: '/data/invoice/total', message: 'has more than the 3 decimal places KWD allows' }]);
  });

  it('rejects floats, missing amounts and unknown currency codes', () => {
    const template = engine.compile('{{#each invoice.lines}}{{money amount ../invoice.currency}}{{/each}}', { escape: 'none' });
    const merge = (invoice: Record<string, unknown>) => () => template(context(EN, invoice), { catalog, channel: 'sms' });
    expect(merge({ currency: 'SAR', lines: [{ amount: '1.00' }, { amount: 1.5 }] })).toThrow(
      expect.objectContaining({ code: 'validation_failed', errors: [expect.objectContaining({ pointer: '/data/invoice/lines/1/amount' })] }),
    );
    expect(merge({ currency: 'SAR', lines: [{}] })).toThrow(
      expect.objectContaining({ errors: [{ pointer: '/data/invoice/lines/0/amount', message: 'is required by {{money}}' }] }),
    );
    expect(merge({ currency: 'riyal', lines: [{ amount: '1.00' }] })).toThrow(
      expect.objectContaining({ errors: [expect.objectContaining({ pointer: '/data/invoice/currency' })] }),
    );
    // Shaped like a code, but not money: a template whose contract lets it through still prints no "XYZ 1.00".
    for (const currency of ['XYZ', 'XAU']) {
      expect(merge({ currency, lines: [{ amount: '1.00' }] })).toThrow(
        expect.objectContaining({ errors: [expect.objectContaining({ pointer: '/data/invoice/currency' })] }),
      );
    }
  });

  it('isolates amounts inside right-to-left text with Unicode isolates, in HTML as in plain text (Gmail drops <bdi>)', () => {
    const data = context(AR_SA, { total: '228.85', currency: 'SAR' });
    const html = engine.compile('المبلغ {{money invoice.total invoice.currency}}', { escape: 'html' })(data, { catalog, channel: 'email' });
    const text = engine.compile('المبلغ {{money invoice.total invoice.currency}}', { escape: 'none' })(data, { catalog, channel: 'sms' });
    expect(html).toBe(`المبلغ \u2068${formatMoney('228.85', 'SAR', 'ar-SA')}\u2069`);
    expect(html).not.toContain('<bdi>');
    expect(text).toBe(`المبلغ \u2068${formatMoney('228.85', 'SAR', 'ar-SA')}\u2069`);
  });

  it('leaves left-to-right amounts unwrapped', () => {
    const data = context(EN, { total: '228.85', currency: 'SAR' });
    expect(engine.compile('{{money invoice.total invoice.currency}}', { escape: 'html' })(data, { catalog, channel: 'email' })).toBe('SAR\u00a0228.85');
  });
});
