import { Injectable } from '@nestjs/common';
import { OfferMeasurementsRepository } from '../measurement/offer-measurements.repository';
import { OfferLinks } from '../offer-links';

/** RFC 8058 one-click unsubscribe headers of an email that carries an offer. */
export interface UnsubscribeHeaders {
  /** `https://…/u/<token>`, written between angle brackets in the header. */
  readonly listUnsubscribe: string;
  readonly listUnsubscribePost: 'List-Unsubscribe=One-Click';
}

/**
 * The List-Unsubscribe headers of a document's email: only when its email
 * carries an offer (an impression was recorded for it), since a purely
 * transactional message has nothing to unsubscribe from.
 */
@Injectable()
export class OfferEmailHeaders {
  constructor(
    private readonly measurements: OfferMeasurementsRepository,
    private readonly links: OfferLinks,
  ) {}

  async forDocument(documentId: string): Promise<UnsubscribeHeaders | null> {
    if (!(await this.measurements.hasImpression(documentId, 'email'))) return null;
    const choice = await this.measurements.choiceOf(documentId);
    if (!choice) return null;
    return { listUnsubscribe: this.links.unsubscribeUrl(choice.customerId), listUnsubscribePost: 'List-Unsubscribe=One-Click' };
  }
}
