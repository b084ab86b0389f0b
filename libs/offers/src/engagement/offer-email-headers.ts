import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
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
  /** The asks of one turn of the event loop in one read: a send builds a fetch's emails side by side. No cache. */
  private readonly customers = new DataLoader<string, string | null>(
    async (documentIds) => {
      const found = await this.measurements.emailOfferCustomers(documentIds);
      return documentIds.map((id) => found.get(id) ?? null);
    },
    { cache: false, batchScheduleFn: (run) => setImmediate(run) },
  );

  constructor(
    private readonly measurements: OfferMeasurementsRepository,
    private readonly links: OfferLinks,
  ) {}

  async forDocument(documentId: string): Promise<UnsubscribeHeaders | null> {
    const customerId = await this.customers.load(documentId);
    if (!customerId) return null;
    return { listUnsubscribe: this.links.unsubscribeUrl(customerId), listUnsubscribePost: 'List-Unsubscribe=One-Click' };
  }
}
