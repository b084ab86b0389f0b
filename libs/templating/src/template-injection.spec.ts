import { DomainError } from '@app/kernel';
import { MergeEngine, MergeEnv } from './merge-engine';
import type { MergeContext } from './merge-context';
import { MessageCatalog } from './message-catalog';

const engine = new MergeEngine();
const env: MergeEnv = { catalog: new MessageCatalog('en', {}), channel: 'email' };

function context(data: Record<string, unknown>): MergeContext {
  return {
    recipient: { customerId: 'C-1', name: 'Layla' },
    document: { id: 'doc-1', type: 'invoice' },
    locale: { tag: 'en', language: 'en', dir: 'ltr' },
    actions: { payUrl: 'https://pay.example/t/abc', askUrl: 'https://ask.example/t/abc', payPath: 'abc', askPath: 'def', payQrSvg: 'data:image/svg+xml;base64,' },
    ...data,
  };
}

function compileError(source: string): DomainError | undefined {
  try {
    engine.compile(source, { escape: 'html' });
    return undefined;
  } catch (error) {
    return error as DomainError;
  }
}

describe('template injection', () => {
  it.each([
    '{{constructor.constructor "return process"}}',
    '{{#with (constructor.constructor "return process")}}{{this}}{{/with}}',
    '{{constructor}}',
    '{{__proto__}}',
    '{{recipient.__proto__.polluted}}',
    '{{recipient.constructor.prototype}}',
    '{{lookup this "constructor"}}',
    '{{lookup (lookup this "constructor") "constructor"}}',
    '{{log "secret"}}',
    '{{@ccmMergeRuntime.catalog}}',
    '{{#with "x" as |s|}}{{s.constructor.constructor "return process"}}{{/with}}',
    '{{> (lookup . "payload")}}',
  ])('rejects %s when it is compiled', (source) => {
    const error = compileError(source);
    expect(error).toBeInstanceOf(DomainError);
    expect(error?.code).toBe('template_invalid');
  });

  it('prints template syntax found in customer data as text, never evaluating it', () => {
    const template = engine.compile('<p>{{note}}</p>', { escape: 'html' });
    const payload = '{{constructor.constructor "return process"}}<img src=x onerror=alert(1)>';
    expect(template(context({ note: payload }), env)).toBe(
      '<p>{{constructor.constructor &quot;return process&quot;}}&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;</p>',
    );
  });

  it('does not reach the prototype through a "__proto__" key in the data', () => {
    const data = JSON.parse('{"invoice": {"__proto__": {"polluted": "yes"}, "number": "INV-1"}}') as Record<string, unknown>;
    const template = engine.compile('{{invoice.number}}{{#if invoice.polluted}} polluted{{/if}}', { escape: 'none' });
    expect(template(context(data), env)).toBe('INV-1');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('does not call functions or read inherited members of the data', () => {
    const template = engine.compile('[{{#if invoice.toString}}inherited{{/if}}]', { escape: 'none' });
    expect(template(context({ invoice: {} }), env)).toBe('[]');
  });
});
