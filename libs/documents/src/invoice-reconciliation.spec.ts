import { loadFixtures } from '../../../test/support/fixtures';
import { reconcileInvoice } from './invoice-reconciliation';

describe('reconcileInvoice', () => {
  const invoices = loadFixtures()
    .filter(({ file }) => file.startsWith('invoice-'))
    .map(({ file, body }) => [file, body.data.invoice] as const);

  it.each(invoices)('accepts the sample %s, which reconciles to the last minor unit', (_file, invoice) => {
    expect(reconcileInvoice(invoice)).toEqual([]);
  });

  const base = {
    currency: 'USD',
    lines: [
      { quantity: '32', unitPrice: '0.12', amount: '3.84' },
      { quantity: '1', unitPrice: '59.99', amount: '59.99' },
    ],
    subtotal: '63.83',
    tax: '5.67',
    total: '69.50',
  };

  it('points at the line whose amount is not quantity × unit price', () => {
    const errors = reconcileInvoice({ ...base, lines: [{ ...base.lines[0], amount: '3.85' }, base.lines[1]] });
    expect(errors.map((e) => e.pointer)).toEqual(['/data/invoice/lines/0/amount', '/data/invoice/subtotal']);
    expect(errors[0].message).toContain('3.84');
  });

  it('points at the total when subtotal + tax differs by one cent', () => {
    expect(reconcileInvoice({ ...base, total: '69.51' })).toEqual([
      expect.objectContaining({ pointer: '/data/invoice/total' }),
    ]);
  });

  it('holds KWD to three decimals and JPY to none', () => {
    const kwd = { currency: 'KWD', lines: [{ quantity: '14', unitPrice: '0.125', amount: '1.750' }], subtotal: '1.750', tax: '0.000', total: '1.750' };
    expect(reconcileInvoice(kwd)).toEqual([]);
    const jpy = { currency: 'JPY', lines: [{ quantity: '1', unitPrice: '5980', amount: '5980.5' }], subtotal: '5980', tax: '0', total: '5980' };
    expect(reconcileInvoice(jpy).map((e) => e.pointer)).toContain('/data/invoice/lines/0/amount');
  });

  it('points at the currency when it is not a real one, since there is no minor unit to add up to', () => {
    expect(reconcileInvoice({ ...base, currency: 'XYZ' })).toEqual([expect.objectContaining({ pointer: '/data/invoice/currency' })]);
  });

  it('reconciles a yen invoice in whole yen and a Kuwaiti one to the fils', () => {
    const jpy = { currency: 'JPY', lines: [{ quantity: '3', unitPrice: '1980', amount: '5940' }], subtotal: '5940', tax: '594', total: '6534' };
    expect(reconcileInvoice(jpy)).toEqual([]);
    const kwd = { currency: 'KWD', lines: [{ quantity: '3', unitPrice: '0.333', amount: '0.999' }], subtotal: '0.999', tax: '0.050', total: '1.049' };
    expect(reconcileInvoice(kwd)).toEqual([]);
    expect(reconcileInvoice({ ...kwd, tax: '0.0500' }).map((e) => e.pointer)).toEqual(['/data/invoice/tax']);
  });
});
