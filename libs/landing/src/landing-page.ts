import type { LandingDocument } from './landing-document';
import type { PageLanguage } from './landing-messages';

export const QUESTION_TOPICS = ['amount', 'line_item', 'due_date', 'other'] as const;
export type QuestionTopic = (typeof QUESTION_TOPICS)[number];
export const QUESTION_MAX_LENGTH = 1000;

/** What a landing request shows: one of these pages, rendered by `LandingPageRenderer`. */
export type LandingPage =
  | {
      readonly kind: 'pay';
      readonly document: LandingDocument;
      readonly pressToken: string;
      /** The customer came back from the provider's checkout (`?checkout=complete|cancelled` on the pay link). */
      readonly checkout?: CheckoutReturn;
    }
  | { readonly kind: 'ask'; readonly document: LandingDocument; readonly pressToken: string; readonly whatsappUrl: string | null; readonly invalid?: boolean }
  | { readonly kind: 'asked'; readonly document: LandingDocument }
  | { readonly kind: 'paid'; readonly document: LandingDocument; readonly paidAt: Date }
  | { readonly kind: 'expired' | 'cancelled' | 'unavailable'; readonly document: LandingDocument }
  | { readonly kind: 'not_found' | 'forbidden' | 'too_many'; readonly document: LandingDocument | null; readonly language: PageLanguage; readonly retryAfterSeconds?: number };

/** How a customer comes back from the provider's checkout; the payment itself only counts once its signed webhook arrives. */
export type CheckoutReturn = 'complete' | 'cancelled';

export function checkoutReturnOf(value: unknown): CheckoutReturn | undefined {
  return value === 'complete' || value === 'cancelled' ? value : undefined;
}

export const STATUS_OF_PAGE: Readonly<Record<LandingPage['kind'], number>> = {
  pay: 200,
  ask: 200,
  asked: 200,
  paid: 200,
  expired: 410,
  cancelled: 410,
  unavailable: 503,
  not_found: 404,
  forbidden: 403,
  too_many: 429,
};

/** What a POST leads to: another page, or the payment provider's checkout (`303 See Other`). */
export type LandingOutcome = { readonly kind: 'page'; readonly page: LandingPage } | { readonly kind: 'redirect'; readonly location: string };
