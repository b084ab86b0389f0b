import { MergeEngine } from '../merge-engine';
import type { MergeContext } from '../merge-context';
import { MessageCatalog } from '../message-catalog';
import { blockContentHash, captureBlock, isIntactCapture } from '@app/contracts';
import { blockUses, expandBlocks, inlineBlocks } from './locked-blocks';
import { domainErrorOf } from '../../../../test/support/domain-error-of';

const context: MergeContext = {
  recipient: { customerId: 'C-7', name: 'Layla' },
  document: { id: 'doc-1', type: 'invoice' },
  locale: { tag: 'en-US', language: 'en', dir: 'ltr' },
  actions: { payUrl: 'https://p', askUrl: 'https://a', payPath: 'p', askPath: 'a', payQrSvg: 'data:image/svg+xml;base64,' },
  invoice: { number: 'INV-1', lines: [{ amount: '1.00' }] },
};

describe('locked blocks in a source', () => {
  it('are found with their position', () => {
    expect(blockUses('Hi\n  {{> legal-footer}} {{#if x}}{{> sender-identity}}{{/if}}')).toEqual([
      { name: 'legal-footer', line: 2, column: 3 },
      { name: 'sender-identity', line: 2, column: 31 },
    ]);
  });

  it('are expanded exactly where they stand, leaving names without a block for the guard', () => {
    const source = '<p>{{invoice.number}}</p>\r\n  {{> legal-footer}}\n{{> other}}';
    expect(inlineBlocks(source, { 'legal-footer': '<footer>{{t "legal"}}</footer>' })).toBe('<p>{{invoice.number}}</p>\r\n  <footer>{{t "legal"}}</footer>\n{{> other}}');
  });

  it('never stand in a loop, take arguments or include other blocks', () => {
    expect(domainErrorOf(() => inlineBlocks('{{#each invoice.lines}}{{> f}}{{/each}}', { f: 'x' })).message).toMatch(/inside \{\{#each\}\}/);
    expect(domainErrorOf(() => inlineBlocks('{{> f invoice}}', { f: 'x' })).message).toMatch(/passes arguments/);
    expect(domainErrorOf(() => inlineBlocks('{{> f}}', { f: '{{> g}}' })).message).toMatch(/blocks do not nest/);
  });

  it('expand from the captured blocks of a version, per format', () => {
    const blocks = { f: captureBlock(1, { sources: { text: 'T', html: '<b>H</b>' }, messages: {} }) };
    expect(expandBlocks({ blocks }, 'a {{> f}}', 'text')).toBe('a T');
    expect(expandBlocks({ blocks }, 'a {{> f}}', 'html')).toBe('a <b>H</b>');
    expect(expandBlocks({}, 'a {{> f}}', 'text')).toBe('a {{> f}}');
  });
});

describe('captured blocks', () => {
  it('hash their sources and messages, so a changed capture no longer matches', () => {
    const block = captureBlock(3, { sources: { text: 'x' }, messages: { en: { a: 'b' } } });
    expect(block.contentHash).toBe(blockContentHash({ messages: { en: { a: 'b' } }, sources: { text: 'x' } }));
    expect(isIntactCapture(block)).toBe(true);
    expect(isIntactCapture({ ...block, sources: { text: 'y' } })).toBe(false);
  });
});

describe('MergeEngine with locked blocks', () => {
  const engine = new MergeEngine();
  const catalog = MessageCatalog.fromContent(
    {
      messages: { en: { legal: 'Template wording', greeting: 'Hello' } },
      blocks: { footer: captureBlock(1, { sources: {}, messages: { en: { legal: 'Northwind Ltd.' } } }) },
    },
    'en',
  );

  it('merges a block with the data and the block wording, which wins over the template catalog', () => {
    const template = engine.compile('{{t "greeting"}} {{invoice.number}}\n{{> footer}}', {
      escape: 'none',
      partials: { footer: '{{t "legal"}} · {{recipient.customerId}}' },
    });
    expect(template(context, { catalog, channel: 'email' })).toBe('Hello INV-1\nNorthwind Ltd. · C-7');
  });

  it('refuses partials that are not blocks of the version, and escapes data inside blocks', () => {
    expect(domainErrorOf(() => engine.compile('{{> footer}}', { escape: 'html' })).message).toMatch(/names no locked block/);
    const html = engine.compile('{{> footer}}', { escape: 'html', partials: { footer: '<i>{{recipient.name}}</i>' } });
    expect(html({ ...context, recipient: { customerId: 'C', name: '<b>' } }, { catalog, channel: 'pdf' })).toBe('<i>&lt;b&gt;</i>');
  });
});
