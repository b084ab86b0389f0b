import { captureBlock, type TemplateContent } from '@app/templating';
import { assetRules, EMAIL_ASSETS_WARN_BYTES } from './asset-rules';
import { analyzeSources } from './source-rules';

const logo = (size: number) => ({ sha256: 'a'.repeat(64), contentType: 'image/svg+xml' as const, size });

function content(mjml: string, assets: TemplateContent['assets'], pdf = '<p>x</p>'): TemplateContent {
  return {
    kind: 'notice',
    name: 'Notice',
    locales: ['en'],
    defaultLocale: 'en',
    defaultChannels: ['email'],
    dataContract: { type: 'object' },
    channels: { email: { subject: 's', mjml, text: 't' }, pdf: { html: pdf } },
    messages: { en: {} },
    blocks: { 'sender-identity': captureBlock(1, { sources: { mjml: '<mj-image src="{{asset \'logo\'}}" />', html: '<img src="{{asset "logo"}}">' }, messages: {} }) },
    ...(assets ? { assets } : {}),
  };
}

const lint = (c: TemplateContent) => assetRules(c, analyzeSources(c).sources);

describe('asset rules', () => {
  it('pass assets the version captured', () => {
    expect(lint(content('<mjml><mj-body>{{> sender-identity}}</mj-body></mjml>', { logo: logo(900) }))).toEqual([]);
  });

  it('point at each use of an asset the version lacks, in the template and in the blocks it carries', () => {
    const findings = lint(content('<mjml><mj-body>{{> sender-identity}}\n<mj-image src="{{asset "hero"}}" /></mj-body></mjml>', undefined, '{{> sender-identity}}'));
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ severity: 'error', rule: 'asset-missing', pointer: '/channels/email/mjml', line: 2, column: 16 }),
        expect.objectContaining({ severity: 'error', rule: 'asset-missing', pointer: '/blocks/sender-identity/sources/mjml', line: 1, column: 16 }),
        expect.objectContaining({ severity: 'error', rule: 'asset-missing', pointer: '/blocks/sender-identity/sources/html' }),
      ]),
    );
    expect(findings).toHaveLength(3);
  });

  it('warn when the assets an email inlines, counted per use, grow large next to Gmail clipping', () => {
    const size = Math.ceil((EMAIL_ASSETS_WARN_BYTES * 3) / 4 / 2);
    const twice = '<mjml><mj-body>{{> sender-identity}}<mj-image src="{{asset "logo"}}" /></mj-body></mjml>';
    expect(lint(content(twice, { logo: logo(size) }))).toEqual([
      expect.objectContaining({ severity: 'warning', rule: 'email-asset-size', pointer: '/channels/email/mjml', message: expect.stringMatching(/inlines .* KB of assets \("logo"\)/) }),
    ]);
    expect(lint(content('<mjml><mj-body>{{> sender-identity}}</mj-body></mjml>', { logo: logo(size) }))).toEqual([]);
  });
});
