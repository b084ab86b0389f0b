import { createHash } from 'node:crypto';
import type { OfferContent } from '../offer-content';

/** The arm of an offer without a split: every recipient sees the same words. */
export const NO_SPLIT_ARM = 'control';

/**
 * A recipient's arm of an offer: a stable hash of the customer id and the
 * offer key, so the same customer always sees the same arm of one offer (and
 * the arms of two offers are drawn independently), in any process.
 */
export function armFor(content: OfferContent, customerId: string, offerKey: string): string {
  const arms = content.abSplit?.arms;
  if (!arms) return NO_SPLIT_ARM;
  const total = arms[0].weight + arms[1].weight;
  const draw = createHash('sha256').update(`${customerId}\0${offerKey}`).digest().readUInt32BE(0) % total;
  return draw < arms[0].weight ? arms[0].name : arms[1].name;
}
