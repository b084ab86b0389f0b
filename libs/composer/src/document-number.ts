import type { MergeContext } from '@app/templating';

/**
 * Where each kind keeps the number its page prints and its reader quotes: the
 * invoice number, the payment's reference. A service update prints no number of
 * its own, so it and custom kinds are named by the billing system's reference.
 */
const NUMBER_FIELDS: Readonly<Record<string, readonly [string, string]>> = {
  invoice: ['invoice', 'number'],
  'payment-confirmation': ['payment', 'reference'],
};

/** The number that names the document to its reader, e.g. in the PDF's Title. */
export function documentNumber(kind: string, context: MergeContext): string {
  const field = NUMBER_FIELDS[kind];
  const number = field ? (context[field[0]] as Record<string, unknown> | undefined)?.[field[1]] : undefined;
  if (typeof number === 'string' && number.trim() !== '') return number;
  return context.document.externalRef ?? context.document.id;
}
