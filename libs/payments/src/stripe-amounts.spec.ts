import { DomainError } from '@app/kernel';
import { fromStripeUnits, toStripeAmount } from './stripe-amounts';

describe('amounts for Stripe', () => {
  it('sends two-decimal currencies in cents and zero-decimal ones in whole units', () => {
    expect(toStripeAmount(22885n, 'USD')).toEqual({ unitAmount: 22885, currency: 'usd', chargedMinor: 22885n });
    expect(toStripeAmount(12800n, 'JPY')).toEqual({ unitAmount: 12800, currency: 'jpy', chargedMinor: 12800n });
  });

  it('sends three-decimal currencies in thousandths rounded to the nearest ten, as Stripe asks', () => {
    expect(toStripeAmount(20750n, 'KWD')).toEqual({ unitAmount: 20750, currency: 'kwd', chargedMinor: 20750n });
    expect(toStripeAmount(5124n, 'KWD').unitAmount).toBe(5120);
    expect(toStripeAmount(5125n, 'BHD').unitAmount).toBe(5130);
    expect(toStripeAmount(5126n, 'OMR')).toMatchObject({ unitAmount: 5130, chargedMinor: 5130n });
    expect(toStripeAmount(1001n, 'TND').unitAmount).toBe(1000);
  });

  it('scales ISK, zero-decimal in ISO, to the hundredths Stripe takes', () => {
    expect(toStripeAmount(5000n, 'ISK').unitAmount).toBe(500000);
    expect(fromStripeUnits(500000n, 'ISK')).toBe(5000n);
  });

  it('refuses an amount Stripe cannot express rather than round it', () => {
    // MGA has two decimals in ISO 4217 and none in Stripe.
    expect(toStripeAmount(150000n, 'MGA').unitAmount).toBe(1500);
    expect(() => toStripeAmount(150050n, 'MGA')).toThrow(DomainError);
  });

  it('reads amount_total back into ISO minor units', () => {
    expect(fromStripeUnits(20750n, 'KWD')).toBe(20750n);
    expect(fromStripeUnits(1500n, 'MGA')).toBe(150000n);
  });
});
