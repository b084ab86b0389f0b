import type { LocaleInfo, MergeContext } from '../../merge-context';

/** A merge context with the reserved names filled in, for helper tests. */
export function mergeTestContext(locale: LocaleInfo, data: Record<string, unknown>): MergeContext {
  return {
    recipient: { customerId: 'C-1', name: 'Layla' },
    document: { id: 'doc-1', type: 'invoice' },
    locale,
    actions: { payUrl: 'https://pay.example/t/a', askUrl: 'https://ask.example/t/a', payPath: 'abc', askPath: 'def' },
    ...data,
  };
}
