import { IntlMessageFormat } from 'intl-messageformat';
import { DomainError } from '@app/kernel';
import { MessageCatalog } from './message-catalog';
import { escapeHtml, TrustedHtml } from './merge/trusted-html';

const MESSAGES: Record<string, string> = {
  label: 'Amount due',
  greeting: 'Hello {name},',
  pair: '{label}: {value}',
  lines: '{count, plural, =0 {no charges} one {# charge} two {two charges} few {# charges (few)} many {# charges (many)} other {# charges}}',
  offset: '{count, plural, offset:1 =0 {nobody} =1 {{name}} one {{name} and # other} other {{name} and # others}}',
  nested: '{kind, select, invoice {Invoice {number}: {count, plural, one {# line} other {# lines}}} other {Document {number}}}',
  ordinal: 'Your {n, selectordinal, one {#st} two {#nd} few {#rd} other {#th}} invoice',
  number: 'Rate {rate, number, percent}',
  skeleton: 'Tax ({rate, number, ::percent .###}) of {count, number}',
  scaled: '{rate, number, ::percent scale/100}',
  quoted: "It''s '{literal}' {name}",
};

const VALUES: Array<Record<string, string | number | boolean>> = [
  { name: 'Layla', label: 'Total', value: '228.85', count: 0, kind: 'invoice', number: 'INV-1', n: 1, rate: 0.15 },
  { name: 'Ahmed & Sons', label: 'الإجمالي', value: '١٢٣', count: 1, kind: 'receipt', number: 'INV-2', n: 2, rate: 1 },
  { name: '王', label: '', value: '', count: 2, kind: 'invoice', number: 'X', n: 3, rate: 0 },
  { name: 'x', label: 'y', value: 'z', count: 3, kind: 'other', number: '7', n: 11, rate: 0.5 },
  { name: 'x', label: 'y', value: 'z', count: 11, kind: 'invoice', number: '7', n: 22, rate: 0.5 },
  { name: 'x', label: 'y', value: 'z', count: 100, kind: 'invoice', number: '7', n: 103, rate: 0.5 },
  { name: false, label: true, value: 0, count: 1.5, kind: 'invoice', number: 3, n: 0, rate: 2 },
  { name: 'x', label: 'y', value: 'z', count: '3' as unknown as number, kind: 'invoice', number: '7', n: 1, rate: '0.0525' as unknown as number },
];

const LOCALES = ['en-US', 'ar', 'ar-SA', 'ar-EG', 'zh-CN', 'ru', 'pl', 'cy'];

function reference(message: string, locale: string, values: Record<string, string | number | boolean>): string {
  const output = new IntlMessageFormat(message, locale, undefined, { ignoreTag: true }).format<string>(values);
  return Array.isArray(output) ? output.join('') : String(output);
}

describe('MessageCatalog formatting', () => {
  it('formats exactly as intl-messageformat for text, arguments, select, plural and what it leaves to it', () => {
    for (const locale of LOCALES) {
      const catalog = new MessageCatalog('en', MESSAGES);
      for (const key of Object.keys(MESSAGES)) {
        for (const values of VALUES) {
          expect({ key, locale, values, text: catalog.format(key, values, locale) }).toEqual({ key, locale, values, text: reference(MESSAGES[key], locale, values) });
        }
      }
    }
  });

  it('binds arguments by position and writes HTML: text escaped, trusted markup kept, as escaping the whole message would', () => {
    for (const locale of LOCALES) {
      const catalog = new MessageCatalog('en', MESSAGES);
      for (const key of Object.keys(MESSAGES)) {
        for (const values of VALUES) {
          const names = Object.keys(values).reverse();
          const args = names.map((name) => values[name]);
          const expected = escapeHtml(reference(MESSAGES[key], locale, values));
          expect({ key, locale, html: catalog.bind(key, locale, { names, markup: 'html' })(args) }).toEqual({ key, locale, html: expected });
          expect({ key, locale, text: catalog.bind(key, locale, { names, markup: 'text' })(args) }).toEqual({ key, locale, text: reference(MESSAGES[key], locale, values) });
        }
      }
    }
  });

  it('keeps trusted markup in place in HTML, on the fast path and on the intl-messageformat path', () => {
    const catalog = new MessageCatalog('en', { ...MESSAGES, dated: 'Due {when, date, short}: {amount} <b>now</b>' });
    const amount = new TrustedHtml('<bdi>SAR&nbsp;1</bdi>');
    expect(catalog.bind('pair', 'en', { names: ['label', 'value'], markup: 'html' })(['A & B', amount])).toBe('A &amp; B: <bdi>SAR&nbsp;1</bdi>');
    const slow = catalog.bind('dated', 'en', { names: ['when', 'amount'], markup: 'html' })([Date.UTC(2026, 10, 15), amount]);
    expect(slow).toBe(`Due ${escapeHtml(new Intl.DateTimeFormat('en', { dateStyle: 'short' }).format(Date.UTC(2026, 10, 15)))}: <bdi>SAR&nbsp;1</bdi> &lt;b&gt;now&lt;/b&gt;`);
  });

  it('fails a missing argument the way it always has, naming the message', () => {
    const catalog = new MessageCatalog('en', MESSAGES);
    for (const key of ['greeting', 'lines', 'nested']) {
      expect(() => catalog.format(key, { unrelated: 1 })).toThrow(DomainError);
      expect(() => catalog.format(key, { unrelated: 1 })).toThrow(new RegExp(`Message "${key}" \\(en\\) cannot be formatted: The intl string context variable`));
    }
  });
});
