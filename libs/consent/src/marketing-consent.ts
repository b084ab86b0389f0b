import type { Recipient } from '@app/contracts';
import type { MarketingConsentEntity } from './marketing-consent.entity';

/** Whether offers may be shown, and the words that say why. */
export interface MarketingConsentDecision {
  readonly consented: boolean;
  readonly reason: string;
}

/**
 * The rule compliance signs off: **no record, no offer**. Only a stored
 * consent (`PUT /v1/consents/marketing/{customerId}`, audited) says yes; a
 * document can only say no (`recipient.consents.marketing: false` withholds
 * offers from that document even when a consent is stored), never yes — a flag
 * in one request is not evidence of consent, and an unsubscribe must never be
 * undone by the next invoice the billing system sends.
 */
export function marketingConsentOf(record: MarketingConsentEntity | null, recipient: Pick<Recipient, 'consents'>): MarketingConsentDecision {
  if (!record) return { consented: false, reason: 'no marketing consent on record' };
  if (!record.consented) return { consented: false, reason: `marketing consent withdrawn (${record.source}, ${record.changedAt.toISOString()})` };
  if (recipient.consents?.marketing === false) return { consented: false, reason: 'the document says recipient.consents.marketing = false' };
  return { consented: true, reason: `marketing consent on record (${record.source}, ${record.changedAt.toISOString()})` };
}
