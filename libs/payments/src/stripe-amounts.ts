import { currencyPrecision, DomainError, formatDecimal } from '@app/kernel';

/**
 * Stripe's exceptions to ISO 4217, from its "Supported currencies" page
 * (https://docs.stripe.com/currencies). Everything else Stripe takes in
 * hundredths, whatever the ISO precision:
 * - zero-decimal currencies are sent in whole units (¥500 → 500);
 * - the three-decimal currencies are sent in thousandths, but "to ensure
 *   compatibility with Stripe's payments partners" the last digit must be 0 and
 *   "your integration must round amounts to the nearest ten" (5.124 KWD → 5120);
 * - ISK is zero-decimal in ISO but two-decimal in Stripe's API, in multiples of 100,
 *   which scaling whole krónur by 100 gives.
 */
const STRIPE_ZERO_DECIMAL = new Set(['BIF', 'CLP', 'DJF', 'GNF', 'JPY', 'KMF', 'KRW', 'MGA', 'PYG', 'RWF', 'UGX', 'VND', 'VUV', 'XAF', 'XOF', 'XPF']);
const STRIPE_THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

export interface StripeAmount {
  /** What `unit_amount` and `amount_total` hold. */
  readonly unitAmount: number;
  /** Lower-case ISO code, as Stripe requires. */
  readonly currency: string;
  /** The amount charged in ISO minor units: the amount due, or the nearest ten for three-decimal currencies. */
  readonly chargedMinor: bigint;
}

function stripeScale(currency: string): number {
  if (STRIPE_ZERO_DECIMAL.has(currency)) return 0;
  if (STRIPE_THREE_DECIMAL.has(currency)) return 3;
  return 2;
}

/**
 * The amount Stripe is asked for. We do what Stripe's page says and round a
 * three-decimal amount to the nearest ten (half up): the customer may pay up to
 * 5 fils more or less than is due, the payment records what Stripe charged, and
 * the confirmation's balance shows the difference. An amount Stripe cannot express
 * at all (a fraction of a currency it takes in whole units) is refused, never rounded.
 */
export function toStripeAmount(amountMinor: bigint, currency: string): StripeAmount {
  const isoScale = currencyPrecision(currency);
  const scale = stripeScale(currency);
  let units: bigint;
  if (scale >= isoScale) {
    units = amountMinor * 10n ** BigInt(scale - isoScale);
  } else {
    const divisor = 10n ** BigInt(isoScale - scale);
    if (amountMinor % divisor !== 0n) {
      throw new DomainError('not_payable', `Stripe takes ${currency} in steps of ${formatDecimal({ units: 1n, scale })}; ${formatDecimal({ units: amountMinor, scale: isoScale })} cannot be charged exactly`);
    }
    units = amountMinor / divisor;
  }
  if (STRIPE_THREE_DECIMAL.has(currency)) units = ((units + 5n) / 10n) * 10n;
  if (units > BigInt(Number.MAX_SAFE_INTEGER)) throw new DomainError('not_payable', `${currency} ${formatDecimal({ units: amountMinor, scale: isoScale })} is more than Stripe can charge`);
  return { unitAmount: Number(units), currency: currency.toLowerCase(), chargedMinor: fromStripeUnits(units, currency) };
}

/** Stripe's `amount_total` back in ISO minor units. */
export function fromStripeUnits(units: bigint, currency: string): bigint {
  const isoScale = currencyPrecision(currency);
  const scale = stripeScale(currency);
  return scale >= isoScale ? units / 10n ** BigInt(scale - isoScale) : units * 10n ** BigInt(isoScale - scale);
}
