import { AR_SA, EN_US, mergeTestContext, testEngine } from '../../../../test/support/merge-test-context';
import { MessageCatalog } from '../message-catalog';
import type { MergeEnv } from '../merge-engine';

const SOURCE = [
  '<html><body><h1>{{t "title" number=invoice.number}}</h1><p>{{t "label"}}: {{money invoice.total invoice.currency}}</p>',
  '<ul>{{#each invoice.lines}}<li>{{description}} — {{money amount ../invoice.currency}}</li>{{/each}}</ul>',
  '<footer>{{t "footer"}} 😀 {{recipient.name}}</footer></body></html>',
].join('');

const env = (language: string, messages: Record<string, string>): MergeEnv => ({ catalog: new MessageCatalog(language, messages), channel: 'email' });
const EN = env('en', { title: 'Invoice {number}', label: 'Total', footer: 'Thank you' });
const AR = env('ar', { title: 'فاتورة {number}', label: 'الإجمالي', footer: 'شكرًا لك' });

function invoice(index: number, name: string) {
  const lines = Array.from({ length: 1 + (index % 7) }, (_, line) => ({ description: `Line ${line} <&> ${name}`, amount: `${index}.${String(line).padStart(2, '0')}` }));
  return { invoice: { number: `INV-${index}`, currency: index % 2 ? 'SAR' : 'USD', total: `${index * 3}.50`, lines } };
}

describe('merging into bytes', () => {
  const template = testEngine.compile(SOURCE, { escape: 'html' });

  it('produces exactly the UTF-8 of the merged text, in every script', () => {
    for (const [locale, environment, name] of [
      [EN_US, EN, 'Jordan'],
      [AR_SA, AR, 'ليلى الحربي'],
      [EN_US, EN, '王小明 🧾'],
    ] as const) {
      const context = { ...mergeTestContext(locale, invoice(3, name)), recipient: { customerId: 'C-1', name } };
      expect(template.bytes(context, environment).toString('utf8')).toBe(template(context, environment));
    }
  });

  it('keeps every body intact while later merges fill the same slab', () => {
    const bodies = Array.from({ length: 400 }, (_, index) => {
      const [locale, environment] = index % 3 === 0 ? [AR_SA, AR] : [EN_US, EN];
      const context = mergeTestContext(locale, invoice(index, `Customer ${index}`));
      return { bytes: template.bytes(context, environment), text: template(context, environment) };
    });
    for (const body of bodies) expect(body.bytes.toString('utf8')).toBe(body.text);
  });

  it('formats a fixed label per catalog and locale, never reusing another language', () => {
    const label = testEngine.compile('{{t "label"}}|{{t "title" number="1"}}', { escape: 'html' });
    expect(label(mergeTestContext(EN_US, {}), EN)).toBe('Total|Invoice 1');
    expect(label(mergeTestContext(AR_SA, {}), AR)).toBe('الإجمالي|فاتورة 1');
    expect(label(mergeTestContext(EN_US, {}), EN)).toBe('Total|Invoice 1');
    // Same catalog, another tag: the digits of the locale, not those remembered for the first.
    const digits = env('ar', { count: '{n, number}' });
    const count = testEngine.compile('{{t "count" n=12}}', { escape: 'none' });
    expect(count(mergeTestContext({ tag: 'ar-EG', language: 'ar', dir: 'rtl' }, {}), digits)).toBe('١٢');
    expect(count(mergeTestContext({ tag: 'ar-MA', language: 'ar', dir: 'rtl' }, {}), digits)).toBe('12');
  });

  it('does not remember a fixed label that failed, so the merge after a fix succeeds', () => {
    const label = testEngine.compile('{{t "missing"}}', { escape: 'none' });
    expect(() => label(mergeTestContext(EN_US, {}), EN)).toThrow(expect.objectContaining({ code: 'template_invalid' }));
    expect(label(mergeTestContext(EN_US, {}), env('en', { missing: 'found' }))).toBe('found');
  });
});
