import { Injectable } from '@nestjs/common';
import { ChangeMarketingConsentUseCase } from '@app/consent';
import { OfferLinks } from '../offer-links';

/**
 * The customer's one-click unsubscribe (RFC 8058): the signed token names
 * the customer, and their marketing consent is withdrawn with an audit
 * entry. Repeating it changes nothing; a forged token is `not_found`.
 */
@Injectable()
export class UnsubscribeFromOffersUseCase {
  constructor(
    private readonly links: OfferLinks,
    private readonly consent: ChangeMarketingConsentUseCase,
  ) {}

  /** Checks a token without changing anything: what the confirmation page (GET) needs. */
  check(token: string): void {
    this.links.tokens.customerOf(token);
  }

  async execute(token: string): Promise<void> {
    const customerId = this.links.tokens.customerOf(token);
    await this.consent.execute({ customerId, consented: false, source: 'unsubscribe', actor: `customer:${customerId}` });
  }
}
