import { Injectable } from '@nestjs/common';
import { ActionLinkSettings } from '@app/actions';
import { type ClickClaims, OfferTokens } from './offer-tokens';

/**
 * The public addresses of offer links, under `CCM_PUBLIC_URL` like the pay and
 * ask links, signed with the platform's signing secret.
 */
@Injectable()
export class OfferLinks {
  readonly tokens: OfferTokens;
  private readonly base: string;

  constructor(settings: ActionLinkSettings) {
    this.tokens = new OfferTokens(settings.signingSecret);
    this.base = settings.publicUrl.replace(/\/+$/, '');
  }

  unsubscribeUrl(customerId: string): string {
    return `${this.base}/u/${this.tokens.unsubscribe(customerId)}`;
  }

  clickUrl(claims: ClickClaims): string {
    return `${this.base}/o/${this.tokens.click(claims)}`;
  }
}
