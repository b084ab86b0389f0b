import { MergeEngine, MergeEnv } from '../../libs/templating/src/merge-engine';
import type { LocaleInfo } from '@app/contracts';
import type { MergeContext } from '../../libs/templating/src/merge-context';
import { MessageCatalog } from '../../libs/templating/src/message-catalog';

export const AR_SA: LocaleInfo = { tag: 'ar-SA', language: 'ar', dir: 'rtl' };
export const EN_US: LocaleInfo = { tag: 'en-US', language: 'en', dir: 'ltr' };

/** One engine and an email environment with an empty catalog: helpers need no messages. */
export const testEngine = new MergeEngine();
export const testEnv: MergeEnv = { catalog: new MessageCatalog('ar', {}), channel: 'email' };

/** A merge context with the reserved names filled in, for helper tests. */
export function mergeTestContext(locale: LocaleInfo, data: Record<string, unknown>): MergeContext {
  return {
    recipient: { customerId: 'C-1', name: 'Layla' },
    document: { id: 'doc-1', type: 'invoice' },
    locale,
    actions: { payUrl: 'https://pay.example/t/a', askUrl: 'https://ask.example/t/a', payPath: 'abc', askPath: 'def', payQrSvg: 'data:image/svg+xml;base64,' },
    ...data,
  };
}
