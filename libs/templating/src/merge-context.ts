import type { LocaleInfo, OfferSlotsContext, Recipient } from '@app/contracts';

/** A document's one-click links; `payPath`/`askPath` are their suffixes after `/a/pay/` and `/a/ask/`. */
export interface ActionLinkValues {
  readonly payUrl: string;
  readonly askUrl: string;
  readonly payPath: string;
  readonly askPath: string;
}

/** What every merge sees at its root, beside the document's own `data` fields. */
export interface MergeContext {
  readonly recipient: Recipient;
  readonly document: { readonly id: string; readonly type: string; readonly externalRef?: string };
  readonly locale: LocaleInfo;
  /** One-click links, and the pay link as a QR code for paper (`payQrSvg`, a `data:` URI of an SVG image). */
  readonly actions: ActionLinkValues & { readonly payQrSvg: string };
  /**
   * The pre-rendered offer of each slot the template declares, computed before
   * the merge; the composer hands each channel only its own block.
   */
  readonly offers?: OfferSlotsContext;
  readonly [dataField: string]: unknown;
}

/**
 * Root names the merge context reserves; a data contract must not define them.
 * `lineBudget` is only present in the email of an invoice (see `withEmailLineBudget`).
 */
export const RESERVED_CONTEXT_KEYS = ['recipient', 'document', 'locale', 'actions', 'lineBudget', 'offers'] as const;
