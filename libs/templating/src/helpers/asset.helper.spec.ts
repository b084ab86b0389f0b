import { DomainError } from '@app/kernel';
import { ASSET_HELPER, captureBlock, toDataUri } from '@app/contracts';
import { assetReferences, assetUses, referencedAssets } from '../assets/asset-uses';
import type { MergeEnv } from '../merge-engine';
import { EN_US, mergeTestContext, testEngine, testEnv } from '../../../../test/support/merge-test-context';

const LOGO = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>');
const env: MergeEnv = { ...testEnv, assets: new Map([['logo', toDataUri('image/svg+xml', LOGO)]]) };
const context = mergeTestContext(EN_US, {});

function compileError(source: string, escape: 'html' | 'none' = 'html'): DomainError {
  try {
    testEngine.compile(source, { escape });
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the source to be refused');
}

describe('{{asset}}', () => {
  it('writes the data URI of the captured asset, unescaped, into an attribute or CSS url()', () => {
    const html = testEngine.compile(`<img src="{{${ASSET_HELPER} 'logo'}}"><style>i { background: url({{asset "logo"}}) }</style>`, { escape: 'html' })(context, env);
    const uri = `data:image/svg+xml;base64,${LOGO.toString('base64')}`;
    expect(uri).toMatch(/=$/);
    expect(html).toBe(`<img src="${uri}"><style>i { background: url(${uri}) }</style>`);
  });

  it('fails the merge, as a template fault, when the version carries no such asset', () => {
    const merge = testEngine.compile('<img src="{{asset "logo-dark"}}">', { escape: 'html' });
    expect(() => merge(context, env)).toThrow(expect.objectContaining({ code: 'template_invalid', message: expect.stringMatching(/no asset "logo-dark"/) }));
    expect(() => merge(context, testEnv)).toThrow(DomainError);
  });

  it.each([
    ['{{asset logo}}', /one literal asset name/],
    ['{{asset}}', /one literal asset name/],
    ['{{asset "logo" "dark"}}', /one literal asset name/],
    ['{{asset "logo" size=2}}', /one literal asset name/],
    ['{{asset "Logo"}}', /not an asset name/],
    ['{{t "x" logo=(asset "logo")}}', /cannot be an argument/],
    ['{{#asset "logo"}}x{{/asset}}', /not a block helper/],
  ])('is refused when written as %s', (source, message) => {
    const error = compileError(source);
    expect(error.code).toBe('template_invalid');
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/line 1, column \d+/);
  });

  it('is refused in text sources, where a data URI means nothing', () => {
    expect(compileError('Logo: {{asset "logo"}}', 'none').message).toMatch(/belongs in an HTML source/);
  });
});

describe('asset uses', () => {
  it('are found with their position, inside conditions too', () => {
    expect(assetUses('<p>\n  <img src="{{asset "logo"}}">{{#if x}}{{asset \'brand-font\'}}{{/if}}</p>')).toEqual([
      { name: 'logo', line: 2, column: 13 },
      { name: 'brand-font', line: 2, column: 40 },
    ]);
  });

  it('of a version cover its HTML sources and the HTML sources of the blocks it carries, not text', () => {
    const content = {
      channels: {
        email: { subject: 's', mjml: '<mj-image src="{{asset "hero"}}" />', text: 't' },
        pdf: { html: '<img src="{{asset "logo"}}">' },
        sms: { text: '{{asset "ignored"}}', sender: 'N', maxSegments: 1 },
      },
      blocks: { 'sender-identity': captureBlock(1, { sources: { mjml: '<img src="{{asset "logo"}}">', text: 'x' }, messages: {} }) },
    };
    expect(assetReferences(content)).toEqual([
      { name: 'hero', line: 1, column: 16, pointer: '/channels/email/mjml' },
      { name: 'logo', line: 1, column: 11, pointer: '/channels/pdf/html' },
      { name: 'logo', line: 1, column: 11, pointer: '/blocks/sender-identity/sources/mjml' },
    ]);
    expect([...referencedAssets(content)].sort()).toEqual(['hero', 'logo']);
  });
});
