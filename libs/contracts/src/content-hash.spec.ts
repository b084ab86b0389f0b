import { canonicalJson } from './canonical-json';
import { contentHash } from './content-hash';
import type { TemplateContent } from './template-content';

const content: TemplateContent = {
  kind: 'invoice',
  name: 'Invoice',
  locales: ['en', 'ar'],
  defaultLocale: 'en',
  defaultChannels: ['email'],
  dataContract: { type: 'object' },
  channels: { sms: { text: 'Invoice {{invoice.number}}', sender: 'ACME', maxSegments: 2 } },
  messages: { en: { b: 'B', a: 'A' } },
};

describe('canonicalJson', () => {
  it('sorts keys recursively and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { f: 1, e: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"e":2,"f":1}]},"b":1}');
  });

  it('orders numeric-looking keys as text, not the way objects enumerate them', () => {
    expect(canonicalJson({ b: 1, 10: 2, 9: 3 })).toBe('{"10":2,"9":3,"b":1}');
  });

  it('follows JSON.stringify for values JSON cannot hold', () => {
    expect(canonicalJson({ a: undefined, b: [undefined], c: Number.NaN, d: new Date('2026-11-15T00:00:00Z') })).toBe(
      '{"b":[null],"c":null,"d":"2026-11-15T00:00:00.000Z"}',
    );
  });
});

describe('contentHash', () => {
  it('is the same for the same content written in any key order', () => {
    const reversed = Object.fromEntries(Object.entries(content).reverse());
    const reordered = JSON.parse(JSON.stringify(reversed)) as TemplateContent;
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(content));
    expect(contentHash(reordered)).toBe(contentHash(content));
    expect(contentHash(content)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes when any text changes', () => {
    const edited = { ...content, messages: { en: { a: 'A', b: 'B!' } } };
    expect(contentHash(edited)).not.toBe(contentHash(content));
  });
});
