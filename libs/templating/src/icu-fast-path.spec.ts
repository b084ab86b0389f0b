import { IntlMessageFormat } from 'intl-messageformat';
import { DomainError } from '@app/kernel';
import { MessageCatalog } from './message-catalog';

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

  it('fails a missing argument the way it always has, naming the message', () => {
    const catalog = new MessageCatalog('en', MESSAGES);
    for (const key of ['greeting', 'lines', 'nested']) {
      expect(() => catalog.format(key, { unrelated: 1 })).toThrow(DomainError);
      expect(() => catalog.format(key, { unrelated: 1 })).toThrow(new RegExp(`Message "${key}" \\(en\\) cannot be formatted: The intl string context variable`));
    }
  });
});
