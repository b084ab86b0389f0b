import Handlebars from 'handlebars';
import { MergeEngine, MergeEnv } from './merge-engine';
import type { MergeContext } from './merge-context';
import { MessageCatalog } from './message-catalog';
import { domainErrorOf } from '../../../test/support/domain-error-of';

const engine = new MergeEngine();
const env: MergeEnv = { catalog: new MessageCatalog('en', { hello: 'Hello {name}' }), channel: 'email' };

function context(data: Record<string, unknown> = {}, recipient: Partial<MergeContext['recipient']> = {}): MergeContext {
  return {
    recipient: { customerId: 'C-1', name: 'Layla', ...recipient },
    document: { id: 'doc-1', type: 'invoice' },
    locale: { tag: 'en-US', language: 'en', dir: 'ltr' },
    actions: { payUrl: 'https://pay.example/t/abc', askUrl: 'https://ask.example/t/abc', payPath: 'abc', askPath: 'def', payQrSvg: 'data:image/svg+xml;base64,' },
    ...data,
  };
}

describe('MergeEngine', () => {
  it('escapes customer data in HTML and leaves it as written in text', () => {
    const data = context({}, { name: '<script>alert(1)</script> & "Co"' });
    const html = engine.compile('<p>{{recipient.name}}</p>', { escape: 'html' })(data, env);
    const text = engine.compile('Hi {{recipient.name}}', { escape: 'none' })(data, env);
    expect(html).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;</p>');
    expect(text).toBe('Hi <script>alert(1)</script> & "Co"');
  });

  it('fails a merge that prints a missing field instead of printing nothing, naming the field', () => {
    const template = engine.compile('Invoice {{invoice.number}}\nPeriod: {{invoice.period}}', { escape: 'html' });
    const error = domainErrorOf(() => template(context({ invoice: { number: 'INV-1' } }), env));
    expect(error.code).toBe('validation_failed');
    expect(error.errors).toEqual([{ pointer: '/data/invoice/period', message: expect.stringContaining('"invoice.period" (line 2, column 11)') }]);
  });

  it('points a missing field of a list item at the list, and reserved roots at the request root', () => {
    const lines = engine.compile('{{#each invoice.lines}}{{description}}: {{amount}}\n{{/each}}', { escape: 'none' });
    const error = domainErrorOf(() => lines(context({ invoice: { lines: [{ description: 'Fiber' }] } }), env));
    expect(error.errors[0].pointer).toBe('/data/invoice/lines');
    expect(error.errors[0].message).toContain('"invoice.lines[].amount"');

    const email = engine.compile('{{recipient.email}}', { escape: 'none' });
    expect(domainErrorOf(() => email(context(), env)).errors[0].pointer).toBe('/recipient/email');
  });

  it('treats an absent optional field in {{#if}} as false', () => {
    const template = engine.compile('{{#if invoice.period}}for {{invoice.period}}{{else}}one-off{{/if}}', { escape: 'none' });
    expect(template(context({ invoice: {} }), env)).toBe('one-off');
    expect(template(context({ invoice: { period: 'November' } }), env)).toBe('for November');
  });

  it('needs each optional object guarded before reading inside it', () => {
    const unguarded = engine.compile('{{#if invoice.period.start}}x{{/if}}', { escape: 'none' });
    expect(domainErrorOf(() => unguarded(context({ invoice: {} }), env)).code).toBe('validation_failed');

    const guarded = engine.compile('{{#if invoice.period}}{{#if invoice.period.start}}x{{/if}}{{/if}}-', { escape: 'none' });
    expect(guarded(context({ invoice: {} }), env)).toBe('-');
  });

  it('walks lists with @index, ../ and block parameters', () => {
    const template = engine.compile(
      '{{#each invoice.lines as |line|}}{{@index}}:{{line.description}} {{../invoice.currency}};{{/each}}',
      { escape: 'none' },
    );
    const data = context({ invoice: { currency: 'SAR', lines: [{ description: 'a' }, { description: 'b' }] } });
    expect(template(data, env)).toBe('0:a SAR;1:b SAR;');
  });

  it('reports a syntax error with its line and column', () => {
    const error = domainErrorOf(() => engine.compile('<p>\n  {{invoice.number</p>', { escape: 'html' }));
    expect(error.code).toBe('template_invalid');
    expect(error.message).toMatch(/line 2, column \d+/);

    const mismatched = domainErrorOf(() => engine.compile('{{#each a}}\n{{/with}}', { escape: 'html' }));
    expect(mismatched.message).toContain("each doesn't match with");
    expect(mismatched.message).toContain('line 1');
  });

  it('refuses unescaped output in HTML but allows it where nothing is HTML', () => {
    for (const source of ['{{{recipient.name}}}', '{{& recipient.name}}']) {
      expect(domainErrorOf(() => engine.compile(source, { escape: 'html' })).code).toBe('template_invalid');
      expect(engine.compile(source, { escape: 'none' })(context(), env)).toBe('Layla');
    }
  });

  it('refuses unknown helpers, partials and decorators when the template is compiled', () => {
    for (const source of ['{{shout recipient.name}}', '{{> footer}}', '{{#> layout}}x{{/layout}}', '{{#*inline "x"}}y{{/inline}}', '{{#each}}x{{/each}}']) {
      expect(domainErrorOf(() => engine.compile(source, { escape: 'html' })).code).toBe('template_invalid');
    }
  });

  it('is not affected by helpers registered on the global Handlebars', () => {
    Handlebars.registerHelper('leak', () => 'leaked');
    try {
      expect(domainErrorOf(() => engine.compile('{{leak "x"}}', { escape: 'none' })).code).toBe('template_invalid');
    } finally {
      Handlebars.unregisterHelper('leak');
    }
  });

  it('formats catalog messages with hash arguments', () => {
    const template = engine.compile('{{t "hello" name=recipient.name}}', { escape: 'html' });
    expect(template(context({}, { name: 'Ahmed & Sons' }), env)).toBe('Hello Ahmed &amp; Sons');
  });

  it('reads names an object inherits (toString, valueOf) as data fields, never as helpers or prototype members', () => {
    const template = engine.compile('{{toString}}|{{valueOf}}', { escape: 'none' });
    expect(template(context({ toString: 'a', valueOf: 'b' }), env)).toBe('a|b');
    expect(domainErrorOf(() => template(context(), env)).code).toBe('validation_failed');
  });

  it('compares values for conditional blocks with eq', () => {
    const template = engine.compile('{{#if (eq document.type "invoice")}}invoice{{else}}other{{/if}}', { escape: 'none' });
    expect(template(context(), env)).toBe('invoice');
  });
});
