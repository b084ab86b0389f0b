import { add, DomainError, formatDecimal, parseDecimal, rescale, type Decimal } from '@app/kernel';
import type { MergeContext } from './merge-context';
import type { TemplateContent } from '@app/contracts';

/**
 * Lines an invoice's email shows when its template sets no `lineBudget`. A customer
 * reads an email for the amount due, why, and the button; a 220-line statement
 * made a 13,000-pixel email. The PDF always keeps every line.
 */
export const DEFAULT_EMAIL_LINE_BUDGET = 10;
/** Bounds of `channels.email.lineBudget`; beyond 100 lines an email is a statement again. */
export const EMAIL_LINE_BUDGET_MIN = 1;
export const EMAIL_LINE_BUDGET_MAX = 100;

/** The reserved merge-context name under which an invoice's email reads the lines it shows. */
export const LINE_BUDGET_CONTEXT_KEY = 'lineBudget';

/** What an invoice email shows of `invoice.lines`, as `lineBudget` in its merge context. */
export interface LineBudgetView {
  /** The lines shown: every line within the budget, else the largest ones (by absolute amount), in the bill's order. */
  readonly lines: readonly unknown[];
  /** How many lines are left out (0 when all are shown). */
  readonly hidden: number;
  /** What the lines left out add up to, as a decimal string ("0" when none are). */
  readonly hiddenAmount: string;
  /** The budget that applied. */
  readonly limit: number;
}

/**
 * The merge context an email of this content is merged with. For an invoice it adds
 * `lineBudget`, the lines the email shows; the document's own `invoice.lines` stay
 * whole, so counts and totals printed from them remain the bill's. Every other kind
 * is merged with the context as it is. Applied by the email composer to the HTML
 * and the text part alike, so both show the same lines.
 */
export function withEmailLineBudget(context: MergeContext, content: Pick<TemplateContent, 'kind' | 'channels'>): MergeContext {
  if (content.kind !== 'invoice') return context;
  const invoice = context.invoice;
  const lines = invoice && typeof invoice === 'object' ? (invoice as { lines?: unknown }).lines : undefined;
  if (!Array.isArray(lines)) return context;
  const view = lineBudgetView(lines, content.channels.email?.lineBudget ?? DEFAULT_EMAIL_LINE_BUDGET);
  return { ...context, [LINE_BUDGET_CONTEXT_KEY]: view };
}

/** Where each shown line sits in the document's `invoice.lines`, for errors that must name the document's field. */
const documentIndices = new WeakMap<LineBudgetView, readonly number[]>();

export function lineBudgetView(lines: readonly unknown[], limit: number): LineBudgetView {
  if (lines.length <= limit) {
    const view = { lines, hidden: 0, hiddenAmount: '0', limit };
    documentIndices.set(view, lines.map((_, index) => index));
    return view;
  }
  const amounts = lines.map(amountOf);
  // Largest first; a stable sort keeps equal amounts in the bill's order.
  const kept = new Set(
    lines
      .map((_, index) => index)
      .sort((a, b) => compareMagnitude(amounts[b], amounts[a]))
      .slice(0, limit),
  );
  let hiddenAmount: Decimal = { units: 0n, scale: 0 };
  for (let index = 0; index < lines.length; index += 1) {
    if (!kept.has(index)) hiddenAmount = add(hiddenAmount, amounts[index]);
  }
  const view = {
    lines: lines.filter((_, index) => kept.has(index)),
    hidden: lines.length - limit,
    hiddenAmount: formatDecimal(hiddenAmount),
    limit,
  };
  documentIndices.set(view, [...kept].sort((a, b) => a - b));
  return view;
}

const SHOWN_LINE_POINTER = new RegExp(`^/${LINE_BUDGET_CONTEXT_KEY}/lines/(\\d+)(?=/|$)`);
const VIEW_POINTER = new RegExp(`^/${LINE_BUDGET_CONTEXT_KEY}(?=/|$)(/[^/]+)?`);

/**
 * A merge error about a shown line names `/lineBudget/lines/3/amount`, a field the
 * billing system never sent: this names the document's own line instead
 * (`/data/invoice/lines/117/amount`), and anything else read from the view the
 * document's `/data/invoice/lines`.
 */
export function inDocumentTerms(error: unknown, context: MergeContext): unknown {
  const view = context[LINE_BUDGET_CONTEXT_KEY] as LineBudgetView | undefined;
  const indices = view && documentIndices.get(view);
  if (!(error instanceof DomainError) || !indices || !error.errors.some(({ pointer }) => VIEW_POINTER.test(pointer))) return error;
  const translate = (pointer: string) =>
    pointer
      .replace(SHOWN_LINE_POINTER, (_, shown: string) => `/data/invoice/lines/${indices[Number(shown)] ?? shown}`)
      .replace(VIEW_POINTER, '/data/invoice/lines');
  const errors = error.errors.map(({ pointer, message }) => ({ pointer: translate(pointer), message }));
  const message = error.errors.reduce((text, { pointer }) => text.split(pointer).join(translate(pointer)), error.message);
  return new DomainError(error.code, message, errors, error.details);
}

/** A line's amount; a line without a readable one (the data contract rules it out for invoices) counts as zero. */
function amountOf(line: unknown): Decimal {
  const amount = line && typeof line === 'object' ? (line as { amount?: unknown }).amount : undefined;
  return (typeof amount === 'string' && parseDecimal(amount)) || { units: 0n, scale: 0 };
}

function compareMagnitude(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.scale, b.scale);
  const magnitude = (value: Decimal) => {
    const { units } = rescale(value, scale);
    return units < 0n ? -units : units;
  };
  const difference = magnitude(a) - magnitude(b);
  return difference === 0n ? 0 : difference > 0n ? 1 : -1;
}
