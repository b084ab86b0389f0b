import { BILLABLE_CURRENCY_RULE, currencyPrecision, isBillableCurrency, parseDecimal } from '@app/kernel';
import { FormatProblem } from './format-problem';
import { FormatMemo, numberFormat } from './intl-format.cache';
import { HelperCall } from './merge-runtime';

/** Amounts by locale, currency and amount. */
const formattedAmounts = new FormatMemo(20_000);

/**
 * Formats a decimal-string amount in the currency's ISO 4217 precision for a
 * locale. The string goes to Intl untouched (Intl formats decimal strings
 * exactly), so no amount ever passes through a float.
 */
export function formatMoney(amount: unknown, currency: unknown, locale: string): string {
  if (typeof amount === 'string' && typeof currency === 'string') {
    return formattedAmounts.format(locale, currency, amount, () => formatMoneyOnce(amount, currency, locale));
  }
  return formatMoneyOnce(amount, currency, locale);
}

function formatMoneyOnce(amount: unknown, currency: unknown, locale: string): string {
  if (!isBillableCurrency(currency)) {
    throw new FormatProblem(1, BILLABLE_CURRENCY_RULE);
  }
  const decimal = typeof amount === 'string' ? parseDecimal(amount) : null;
  if (!decimal) throw new FormatProblem(0, 'must be a decimal amount written as a string, such as "228.85"');
  const precision = currencyPrecision(currency);
  if (decimal.scale > precision) {
    throw new FormatProblem(0, `has more than the ${precision} decimal places ${currency} allows`);
  }
  const format = numberFormat(locale, `money:${currency}`, () => ({
    style: 'currency',
    currency,
    minimumFractionDigits: precision,
    maximumFractionDigits: precision,
  }));
  return format.format(amount as Intl.StringNumericLiteral);
}

/** `{{money invoice.total invoice.currency}}` */
export function moneyHelper(call: HelperCall): unknown {
  const amount = call.required(0);
  const currency = call.required(1);
  try {
    return call.isolate(formatMoney(amount, currency, call.locale.tag));
  } catch (error) {
    throw call.failure(error);
  }
}
