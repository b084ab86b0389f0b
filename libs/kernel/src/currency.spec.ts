import { currencyPrecision, isBillableCurrency } from './currency';

describe('billable currencies', () => {
  it('accepts active ISO 4217 currencies, including ones the old hand-written table never listed', () => {
    for (const code of ['USD', 'EUR', 'SAR', 'KWD', 'JPY', 'CNY', 'EGP', 'VES', 'SLE', 'ZWG']) expect(isBillableCurrency(code)).toBe(true);
  });

  it('refuses codes that do not exist, lower case and the codes no bill is paid in', () => {
    for (const code of ['XYZ', 'usd', 'US', 'USDT', '', 'XTS', 'XXX', 'XAU', 'XAG', 'XPT', 'XPD', 'XDR', 'XBA', 'CLF', 'USN', 'UYW']) {
      expect(isBillableCurrency(code)).toBe(false);
    }
    expect(isBillableCurrency(undefined)).toBe(false);
  });

  it('takes minor units from ISO 4217: three for the Gulf dinars, none for yen and won, two for most', () => {
    expect([currencyPrecision('KWD'), currencyPrecision('BHD'), currencyPrecision('OMR')]).toEqual([3, 3, 3]);
    expect([currencyPrecision('JPY'), currencyPrecision('KRW'), currencyPrecision('XOF')]).toEqual([0, 0, 0]);
    expect([currencyPrecision('SAR'), currencyPrecision('CNY'), currencyPrecision('USD')]).toEqual([2, 2, 2]);
  });

  it('will not guess a precision for a code that is not billable', () => {
    expect(() => currencyPrecision('XYZ')).toThrow(/XYZ/);
  });
});
