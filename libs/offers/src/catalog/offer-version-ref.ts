/** One version of one offer, as routes name it. */
export interface OfferVersionRef {
  readonly key: string;
  readonly number: number;
}
