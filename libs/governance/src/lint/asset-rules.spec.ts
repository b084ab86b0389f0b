import { type AssetContentType, captureBlock, type TemplateContent } from '@app/contracts';
import { assetRules, EMAIL_ASSETS_WARN_BYTES } from './asset-rules';
import { analyzeSources } from './source-rules';

const logo = (size: number, contentType: AssetContentType = 'image/png') => ({ sha256: 'a'.repeat(64), contentType, size });

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

  it('warn when the email, or a locked block it includes, inlines an SVG image, which Gmail and Outlook do not show', () => {
    const warning = expect.objectContaining({
      severity: 'warning',
      rule: 'email-svg-image',
      pointer: '/channels/email/mjml',
      message: expect.stringMatching(/SVG image "logo".*Gmail and Outlook do not show SVG images in email.*upload a PNG \(or JPEG\/GIF\)/),
    });
    const block = '<mjml><mj-body>{{> sender-identity}}</mj-body></mjml>';
    expect(lint(content(block, { logo: logo(900, 'image/svg+xml') }))).toEqual([warning]);
    const own = '<mjml><mj-body><mj-image src="{{asset "badge"}}" /></mj-body></mjml>';
    expect(lint(content(own, { badge: logo(900, 'image/svg+xml') }))).toEqual([expect.objectContaining({ rule: 'email-svg-image', message: expect.stringMatching(/SVG image "badge"/) })]);
    // PNG in the email is what mail clients show; SVG in the PDF, its own or a block's, is Chromium's to draw.
    expect(lint(content(block, { logo: logo(900, 'image/png') }))).toEqual([]);
    const pdfOnly = content('<mjml><mj-body><mj-text>x</mj-text></mj-body></mjml>', { logo: logo(900, 'image/svg+xml'), seal: logo(900, 'image/svg+xml') }, '<img src="{{asset "seal"}}">{{> sender-identity}}');
    expect(lint(pdfOnly)).toEqual([]);
  });
});
