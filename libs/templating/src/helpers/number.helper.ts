import { parseDecimal } from '@app/kernel';
import { FormatProblem } from './format-problem';
import { FormatMemo, numberFormat } from './intl-format.cache';
import { HelperCall } from './merge-runtime';

/** Quantities written as decimal strings, by locale and value. */
const formattedNumbers = new FormatMemo(20_000);

/** Intl's ceiling for fraction digits. */
const MAX_FRACTION_DIGITS = 100;

/**
 * Formats a quantity in the locale's digits and separators. A decimal string
 * keeps exactly the decimals it was written with ("1.50" stays 1.50), as it
 * would on the bill that produced it.
 */
export function formatNumber(value: unknown, locale: string): string {
  if (typeof value === 'string') return formattedNumbers.format(locale, '', value, () => formatNumberOnce(value, locale));
  return formatNumberOnce(value, locale);
}

function formatNumberOnce(value: unknown, locale: string): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new FormatProblem(0, 'must be a finite number');
    return numberFormat(locale, 'number', () => ({})).format(value);
  }
  const decimal = typeof value === 'string' ? parseDecimal(value) : null;
  if (!decimal) throw new FormatProblem(0, 'must be a number or a decimal string such as "2.5"');
  const digits = Math.min(decimal.scale, MAX_FRACTION_DIGITS);
  return numberFormat(locale, `number:${digits}`, () => ({ minimumFractionDigits: digits, maximumFractionDigits: digits })).format(
    value as Intl.StringNumericLiteral,
  );
}

/** `{{number line.quantity}}` */
export function numberHelper(call: HelperCall): unknown {
  const value = call.required(0);
  try {
    return call.isolate(formatNumber(value, call.locale.tag));
  } catch (error) {
    throw call.failure(error);
  }
}
