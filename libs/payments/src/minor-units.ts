import { currencyPrecision, DomainError, formatDecimal, parseDecimal, rescale } from '@app/kernel';

/**
 * A decimal amount ("20.750") as an integer count of the currency's ISO 4217
 * minor units (20750 fils). The precision comes from the maintained ISO list
 * (`currency-codes`, through `@app/kernel`); an amount written with more places
 * than its currency has is refused rather than rounded.
 */
export function toMinorUnits(amount: string, currency: string): bigint {
  const value = parseDecimal(amount);
  const precision = currencyPrecision(currency);
  if (!value || value.scale > precision) {
    throw new DomainError('validation_failed', `"${amount}" is not an amount in ${currency}, which has ${precision} decimal places`, [
      { pointer: '/amount', message: `must be a decimal string with at most ${precision} decimal places for ${currency}` },
    ]);
  }
  return rescale(value, precision).units;
}

/** Minor units back to the decimal string documents and the `payments` table use. */
export function fromMinorUnits(units: bigint, currency: string): string {
  return formatDecimal({ units, scale: currencyPrecision(currency) });
}
