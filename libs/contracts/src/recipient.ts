import type { Channel } from './channel';

/**
 * The recipient of a document as the billing system describes them: what a
 * document stores, what a template's samples carry and what a merge sees as
 * `recipient`.
 */
export interface Recipient {
  readonly customerId: string;
  readonly name: string;
  readonly email?: string;
  readonly phone?: string;
  readonly whatsapp?: string;
  readonly consents?: { readonly marketing?: boolean };
  /** The recipient's channel preference, most preferred first. */
  readonly channels?: readonly Channel[];
}
