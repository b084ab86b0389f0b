import { captureBlock, type TemplateContent } from '@app/contracts';
import { sourceDiff } from './source-diff';

const base: TemplateContent = {
  kind: 'invoice',
  name: 'Invoice',
  locales: ['en', 'ar'],
  defaultLocale: 'en',
  defaultChannels: ['email'],
  dataContract: { type: 'object', properties: { invoice: { type: 'object' } } },
  channels: {
    email: { subject: 'Bill {{invoice.number}}', mjml: '<mjml>\n<mj-body>\n{{> legal-footer}}\n</mj-body>\n</mjml>', text: 'Hello' },
    whatsapp: { name: 'bill', category: 'utility', parameters: { n: '{{invoice.number}}' }, locales: { en: { body: 'Bill {{n}}', buttonLabels: [] }, ar: { body: 'فاتورة {{n}}', buttonLabels: [] } }, buttons: [] },
  },
  messages: { en: { a: 'A', b: 'B' }, ar: { a: 'أ', b: 'ب' } },
  blocks: { 'legal-footer': captureBlock(1, { sources: { mjml: '<mj-text>Ltd.</mj-text>' }, messages: {} }) },
};

describe('source diff', () => {
  it('is empty for equal content whatever its key order', () => {
    const reordered = JSON.parse(JSON.stringify({ ...base, messages: { ar: { b: 'ب', a: 'أ' }, en: base.messages.en } })) as TemplateContent;
    expect(sourceDiff(base, reordered)).toEqual([]);
  });

  it('names each changed field with its channel or locale, catalogs key by key', () => {
    const changed: TemplateContent = {
      ...base,
      channels: { ...base.channels, whatsapp: { ...base.channels.whatsapp!, locales: { ...base.channels.whatsapp!.locales, ar: { body: 'فاتورتك {{n}}', buttonLabels: [] } } } },
      messages: { ...base.messages, en: { a: 'A', b: 'Bee' } },
      blocks: { 'legal-footer': captureBlock(2, { sources: { mjml: '<mj-text>Ltd. (new)</mj-text>' }, messages: {} }) },
    };
    const changes = sourceDiff(base, changed);
    expect(changes.map(({ pointer, channel, locale, block, change }) => ({ pointer, channel, locale, block, change }))).toEqual([
      { pointer: '/channels/whatsapp/locales/ar', channel: 'whatsapp', locale: 'ar', block: undefined, change: 'changed' },
      { pointer: '/messages/en', channel: undefined, locale: 'en', block: undefined, change: 'changed' },
      { pointer: '/blocks/legal-footer/version', channel: undefined, locale: undefined, block: 'legal-footer', change: 'changed' },
      { pointer: '/blocks/legal-footer/sources/mjml', channel: undefined, locale: undefined, block: 'legal-footer', change: 'changed' },
    ]);
    expect(changes[1].diff).toBe('--- a/messages/en\n+++ b/messages/en\n@@ -1,2 +1,2 @@\n a = A\n-b = B\n+b = Bee\n');
  });

  it('shows a channel only one version has as added or removed', () => {
    const withSms: TemplateContent = { ...base, channels: { ...base.channels, sms: { text: 'Bill {{invoice.number}}', sender: 'Northwind', maxSegments: 2 } } };
    expect(sourceDiff(base, withSms).map((change) => [change.pointer, change.change])).toEqual([
      ['/channels/sms/text', 'added'],
      ['/channels/sms/settings', 'added'],
    ]);
    expect(sourceDiff(withSms, base)[0].diff).toMatch(/^--- a\/channels\/sms\/text\n\+\+\+ \/dev\/null\n/);
  });
});
