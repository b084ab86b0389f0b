import { data as ISO_4217 } from 'currency-codes';

/**
 * Codes on the ISO 4217 list that are not money a customer can be billed in or pay
 * with, so no document may carry them:
 * - testing and "no currency" codes;
 * - precious metals, priced per troy ounce;
 * - bond-market and institutional units of account (SDR, Sucre, ADB unit);
 * - fund codes: indexed units and same-day/next-day variants a bank settles in, not
 *   what a bill is paid in (ISO flags BOV to UYI as funds; UYW, the wage-indexed unit,
 *   is the same kind of thing without the flag). A Chilean contract in UF is invoiced in CLP.
 */
const NOT_BILLABLE = new Set([
  'XTS', 'XXX',
  'XAU', 'XAG', 'XPT', 'XPD',
  'XBA', 'XBB', 'XBC', 'XBD', 'XDR', 'XSU', 'XUA',
  'BOV', 'CHE', 'CHW', 'CLF', 'COU', 'MXV', 'USN', 'UYI', 'UYW',
]);

/** Active ISO 4217 currencies a document may be in, with their minor units, from the maintained list. */
const MINOR_UNITS: ReadonlyMap<string, number> = new Map(
  ISO_4217.filter(({ code }) => !NOT_BILLABLE.has(code)).map(({ code, digits }) => [code, digits]),
);

/** Whether a document may be written in this currency: an active ISO 4217 code, upper case. */
export function isBillableCurrency(code: unknown): code is string {
  return typeof code === 'string' && MINOR_UNITS.has(code);
}

/**
 * ISO 4217 minor units of a billable currency: every amount in a document is checked
 * and formatted with this precision. Callers check the code first; asking for any
 * other code is a programming error, not bad input.
 */
export function currencyPrecision(currency: string): number {
  const digits = MINOR_UNITS.get(currency);
  if (digits === undefined) throw new Error(`"${currency}" is not a billable ISO 4217 currency`);
  return digits;
}

/** What every check of a currency code tells the sender. */
export const BILLABLE_CURRENCY_RULE = 'must be an active ISO 4217 currency code such as "SAR"';

/**
 * JSON Schema `format` name data contracts give their currency fields, so a code is
 * checked where the rest of the document is, and reported at its own pointer.
 */
export const CURRENCY_FORMAT = 'iso-4217-currency';
