import type { Channel } from './channel';

/** A slot name as a template declares it (`after-totals`): lowercase words joined by hyphens. */
export const OFFER_SLOT_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** The only channels an offer ever appears in: SMS and WhatsApp stay purely transactional. */
export const OFFER_CHANNELS = ['email', 'pdf'] as const satisfies readonly Channel[];
export type OfferChannel = (typeof OFFER_CHANNELS)[number];

/** One slot's pre-rendered offer, per channel; an empty string where no offer renders. */
export type OfferSlotBlocks = { readonly [C in OfferChannel]: string };

/**
 * What the merge context holds under `offers`: each declared slot by its
 * context name (`after-totals` → `afterTotals`), so a template writes
 * `{{offers.afterTotals.email}}`. Handlebars paths cannot hold a hyphen.
 */
export type OfferSlotsContext = Readonly<Record<string, OfferSlotBlocks>>;

/** `after-totals` → `afterTotals`. */
export function offerSlotContextName(slot: string): string {
  return slot.replace(/-([a-z0-9])/g, (_, char: string) => char.toUpperCase());
}

/** Every declared slot with nothing in it: what a message without an offer merges with. */
export function emptyOfferSlots(slots: readonly string[] | undefined): OfferSlotsContext {
  return Object.fromEntries((slots ?? []).map((slot) => [offerSlotContextName(slot), { email: '', pdf: '' }]));
}
