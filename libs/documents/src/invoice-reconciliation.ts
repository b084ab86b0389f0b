import { add, BILLABLE_CURRENCY_RULE, currencyPrecision, Decimal, equals, FieldError, formatDecimal, isBillableCurrency, multiply, parseDecimal, rescale } from '@app/kernel';

export interface InvoiceFigures {
  readonly currency: string;
  readonly lines: ReadonlyArray<{ quantity: string; unitPrice: string; amount: string }>;
  readonly subtotal: string;
  readonly tax: string;
  readonly total: string;
  readonly amountDue?: string;
}

const BASE = '/data/invoice';

/**
 * An invoice must add up to the last minor unit of its currency: each line is
 * quantity × unit price, the lines sum to the subtotal, subtotal + tax = total.
 * Returns one error per figure that does not, pointing at it. Without a real currency
 * there is no minor unit to add up to, whatever the template's contract let through.
 */
export function reconcileInvoice(invoice: InvoiceFigures): FieldError[] {
  if (!isBillableCurrency(invoice.currency)) {
    return [{ pointer: `${BASE}/currency`, message: BILLABLE_CURRENCY_RULE }];
  }
  const precision = currencyPrecision(invoice.currency);
  const errors: FieldError[] = [];
  const money = (text: string, pointer: string): Decimal | null => {
    const value = parseDecimal(text);
    if (!value) {
      errors.push({ pointer, message: `"${text}" is not a decimal amount` });
      return null;
    }
    if (value.scale > precision) {
      errors.push({ pointer, message: `${invoice.currency} amounts have ${precision} decimal places at most (got "${text}")` });
      return null;
    }
    return value;
  };

  let sum: Decimal | null = { units: 0n, scale: precision };
  invoice.lines.forEach((line, index) => {
    const pointer = `${BASE}/lines/${index}`;
    const quantity = parseDecimal(line.quantity);
    if (!quantity) errors.push({ pointer: `${pointer}/quantity`, message: `"${line.quantity}" is not a decimal quantity` });
    const unitPrice = parseDecimal(line.unitPrice);
    if (!unitPrice) errors.push({ pointer: `${pointer}/unitPrice`, message: `"${line.unitPrice}" is not a decimal amount` });
    const amount = money(line.amount, `${pointer}/amount`);
    if (quantity && unitPrice && amount) {
      const expected = rescale(multiply(quantity, unitPrice), precision);
      if (!equals(expected, amount)) {
        errors.push({
          pointer: `${pointer}/amount`,
          message: `${line.quantity} × ${line.unitPrice} = ${formatDecimal(expected)} ${invoice.currency}, not ${line.amount}`,
        });
      }
    }
    sum = amount && sum ? add(sum, amount) : null;
  });

  const subtotal = money(invoice.subtotal, `${BASE}/subtotal`);
  const tax = money(invoice.tax, `${BASE}/tax`);
  const total = money(invoice.total, `${BASE}/total`);
  if (invoice.amountDue !== undefined) money(invoice.amountDue, `${BASE}/amountDue`);

  if (sum && subtotal && !equals(sum, subtotal)) {
    errors.push({
      pointer: `${BASE}/subtotal`,
      message: `the lines add up to ${formatDecimal(rescale(sum, precision))} ${invoice.currency}, not ${invoice.subtotal}`,
    });
  }
  if (subtotal && tax && total && !equals(add(subtotal, tax), total)) {
    errors.push({
      pointer: `${BASE}/total`,
      message: `subtotal ${invoice.subtotal} + tax ${invoice.tax} = ${formatDecimal(rescale(add(subtotal, tax), precision))} ${invoice.currency}, not ${invoice.total}`,
    });
  }
  return errors;
}
