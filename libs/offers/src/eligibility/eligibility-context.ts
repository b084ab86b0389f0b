import type { Recipient } from '@app/contracts';

/** What an eligibility rule reads: the document's recipient and data, and facts derived from them. */
export interface EligibilityContext {
  readonly recipient: Recipient;
  readonly data: Record<string, unknown>;
  readonly document: { readonly locale: string; readonly type: string };
  readonly derived: { readonly daysToDue: number | null; readonly amountDue: number | null };
}

/** The names a rule may read besides `data.…` (which the template kind's data contract declares). */
export const ELIGIBILITY_VOCABULARY: Readonly<Record<string, readonly string[]>> = {
  recipient: ['customerId', 'name', 'email', 'phone', 'whatsapp', 'consents', 'consents.marketing', 'channels'],
  document: ['locale', 'type'],
  derived: ['daysToDue', 'amountDue'],
};

const DAY_MS = 86_400_000;

/**
 * The context of one document at one instant. `amountDue` is the invoice's
 * decimal string as a number (for comparisons only, never for money shown);
 * `daysToDue` counts whole days from `now` to the due date, negative once due.
 */
export function eligibilityContext(
  input: { readonly recipient: Recipient; readonly data: Record<string, unknown>; readonly locale: string; readonly type: string },
  now: Date,
): EligibilityContext {
  const invoice = (input.data.invoice ?? {}) as Record<string, unknown>;
  const amount = typeof invoice.amountDue === 'string' ? Number(invoice.amountDue) : null;
  const due = typeof invoice.dueDate === 'string' ? Date.parse(`${invoice.dueDate.slice(0, 10)}T00:00:00Z`) : NaN;
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return {
    recipient: input.recipient,
    data: input.data,
    document: { locale: input.locale, type: input.type },
    derived: {
      daysToDue: Number.isNaN(due) ? null : Math.round((due - today) / DAY_MS),
      amountDue: amount !== null && Number.isFinite(amount) ? amount : null,
    },
  };
}
