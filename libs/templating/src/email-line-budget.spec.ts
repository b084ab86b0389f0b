import { DomainError } from '@app/kernel';
import { DEFAULT_EMAIL_LINE_BUDGET, inDocumentTerms, lineBudgetView, withEmailLineBudget } from './email-line-budget';
import type { MergeContext } from './merge-context';
import { EN_US, mergeTestContext } from '../../../test/support/merge-test-context';

const line = (description: string, amount: string) => ({ description, quantity: '1', unitPrice: amount, amount });

describe('email line budget', () => {
  it('shows every line of an invoice within the budget', () => {
    const lines = [line('Fiber', '59.99'), line('Static IP', '5.00')];
    expect(lineBudgetView(lines, 10)).toEqual({ lines, hidden: 0, hiddenAmount: '0', limit: 10 });
  });

  it('beyond the budget shows the largest lines in the bill’s order and adds up the rest exactly', () => {
    const lines = [line('a', '1.10'), line('b', '30.00'), line('c', '-45.00'), line('d', '2.20'), line('e', '30.00'), line('f', '0.05')];
    const view = lineBudgetView(lines, 3);
    // A credit of 45.00 is among the largest; of the two 30.00 lines the earlier one comes first.
    expect(view.lines.map((kept) => (kept as { description: string }).description)).toEqual(['b', 'c', 'e']);
    expect(view).toMatchObject({ hidden: 3, hiddenAmount: '3.35', limit: 3 });
  });

  it('keeps three-decimal and zero-decimal currencies exact', () => {
    const kwd = Array.from({ length: 12 }, (_, index) => line(`${index}`, index === 0 ? '100.000' : '0.125'));
    expect(lineBudgetView(kwd, 1)).toMatchObject({ hidden: 11, hiddenAmount: '1.375' });
    const jpy = Array.from({ length: 4 }, (_, index) => line(`${index}`, `${(index + 1) * 1000}`));
    expect(lineBudgetView(jpy, 2)).toMatchObject({ hidden: 2, hiddenAmount: '3000' });
  });

  it('names the document’s own line when a shown line’s data is wrong', () => {
    const lines = Array.from({ length: 30 }, (_, index) => line(`${index}`, index === 17 ? '999.00' : '1.00'));
    const context = withEmailLineBudget(mergeTestContext(EN_US, { invoice: { lines } }), { kind: 'invoice', channels: { email: { subject: '', mjml: '', text: '', lineBudget: 1 } } });
    const error = new DomainError('validation_failed', '/lineBudget/lines/0/unitPrice has more than the 0 decimal places JPY allows', [
      { pointer: '/lineBudget/lines/0/unitPrice', message: 'has more than the 0 decimal places JPY allows' },
    ]);
    expect(inDocumentTerms(error, context)).toMatchObject({
      code: 'validation_failed',
      message: '/data/invoice/lines/17/unitPrice has more than the 0 decimal places JPY allows',
      errors: [{ pointer: '/data/invoice/lines/17/unitPrice', message: 'has more than the 0 decimal places JPY allows' }],
    });
    const other = new DomainError('validation_failed', '/data/invoice/currency bad', [{ pointer: '/data/invoice/currency', message: 'bad' }]);
    expect(inDocumentTerms(other, context)).toBe(other);
  });

  it('applies the template’s budget, else the default, to invoices and leaves other kinds and the document’s lines alone', () => {
    const lines = Array.from({ length: 25 }, (_, index) => line(`${index}`, `${index}.00`));
    const context: MergeContext = mergeTestContext(EN_US, { invoice: { currency: 'USD', lines } });
    const email = { subject: 's', mjml: 'm', text: 't' };
    const shaped = withEmailLineBudget(context, { kind: 'invoice', channels: { email: { ...email, lineBudget: 5 } } });
    expect(shaped.lineBudget).toMatchObject({ hidden: 20, limit: 5 });
    expect((shaped.invoice as { lines: unknown[] }).lines).toHaveLength(25);
    expect(withEmailLineBudget(context, { kind: 'invoice', channels: { email } }).lineBudget).toMatchObject({ limit: DEFAULT_EMAIL_LINE_BUDGET, hidden: 15 });
    expect(withEmailLineBudget(context, { kind: 'service-update', channels: { email } })).toBe(context);
  });
});
