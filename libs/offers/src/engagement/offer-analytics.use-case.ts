import { Injectable } from '@nestjs/common';
import { OfferMeasurementsRepository } from '../measurement/offer-measurements.repository';

export interface OfferArmAnalytics {
  readonly offerKey: string;
  readonly version: number;
  readonly arm: string;
  /** Offers rendered, one per message and channel. */
  readonly impressions: number;
  /** Customers who were shown it. */
  readonly recipients: number;
  /** Customers who clicked it (scanner fetches not included). */
  readonly clicks: number;
  readonly scannerHits: number;
  readonly conversions: number;
  /** clicks / recipients, conversions / recipients; null before anyone was shown it. */
  readonly clickRate: number | null;
  readonly conversionRate: number | null;
}

/** How each offer version and A/B arm did. */
@Injectable()
export class OfferAnalyticsUseCase {
  constructor(private readonly measurements: OfferMeasurementsRepository) {}

  async execute(offerKey?: string): Promise<OfferArmAnalytics[]> {
    const rate = (count: number, of: number) => (of > 0 ? Math.round((count / of) * 10_000) / 10_000 : null);
    return (await this.measurements.analytics(offerKey)).map((row) => ({
      ...row,
      clickRate: rate(row.clicks, row.recipients),
      conversionRate: rate(row.conversions, row.recipients),
    }));
  }
}
