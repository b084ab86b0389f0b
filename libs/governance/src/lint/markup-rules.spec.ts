import { captureBlock, type TemplateContent } from '@app/contracts';
import { blockContentRules } from './block-content-rules';
import { markupRules } from './markup-rules';
import { analyzeSources } from './source-rules';

function notice(mjml: string, html = '<p>{{recipient.name}}</p>', blocks?: TemplateContent['blocks']): TemplateContent {
  return {
    kind: 'notice',
    name: 'Notice',
    locales: ['en'],
    defaultLocale: 'en',
    defaultChannels: ['email'],
    dataContract: { type: 'object' },
    channels: { email: { subject: 'Notice from https://northwind.example', mjml, text: 'See https://northwind.example' }, pdf: { html } },
    messages: { en: {} },
    ...(blocks ? { blocks } : {}),
  };
}

const body = (inner: string) => `<mjml><mj-body><mj-section><mj-column>\n${inner}\n</mj-column></mj-section></mj-body></mjml>`;
const lint = (content: TemplateContent) => markupRules(analyzeSources(content).sources);

describe('markup rules', () => {
  it('pass links, action links, assets and URLs in text', () => {
    const mjml = body(
      [
        '<mj-button href="{{actions.payUrl}}">Pay</mj-button>',
        '<mj-text><a href="https://northwind.example/help">Help</a> https://northwind.example</mj-text>',
        '<mj-image src="{{asset "logo"}}" href="https://northwind.example" />',
      ].join('\n'),
    );
    expect(lint(notice(mjml, '<a href="https://northwind.example">site</a><p style="color: red">x</p>'))).toEqual([]);
  });

  it('refuse a <script> in the email or the PDF, at its line', () => {
    expect(lint(notice(body('<mj-raw><script>alert(1)</script></mj-raw>'), 'ok\n\n<SCRIPT src="x.js"></SCRIPT>'))).toEqual([
      expect.objectContaining({ severity: 'error', rule: 'markup-script', pointer: '/channels/email/mjml', line: 2, column: 9, message: expect.stringMatching(/<script> is not allowed.*\(line 2, column 9\)$/) }),
      expect.objectContaining({ severity: 'error', rule: 'markup-script', pointer: '/channels/pdf/html', line: 3, column: 1 }),
    ]);
  });

  it('refuse any iframe, file:// or not, and other embedded documents', () => {
    const findings = lint(notice(body('<mj-raw><iframe src="file:///etc/passwd"></iframe></mj-raw>'), '<p>x</p>\n<object data="https://evil.example/x.pdf"></object><iframe srcdoc="hi"></iframe>'));
    expect(findings).toEqual([
      expect.objectContaining({ rule: 'markup-embedded-document', pointer: '/channels/email/mjml', line: 2, message: expect.stringMatching(/<iframe> is not allowed/) }),
      expect.objectContaining({ rule: 'external-resource', pointer: '/channels/email/mjml', line: 2, message: expect.stringMatching(/^src= loads a local file:\/\/ resource/) }),
      expect.objectContaining({ rule: 'markup-embedded-document', pointer: '/channels/pdf/html', line: 2, column: 1, message: expect.stringMatching(/<object>/) }),
      expect.objectContaining({ rule: 'markup-embedded-document', pointer: '/channels/pdf/html', line: 2, message: expect.stringMatching(/<iframe>/) }),
      expect.objectContaining({ rule: 'external-resource', pointer: '/channels/pdf/html', line: 2, message: expect.stringMatching(/^data= loads a remote resource/) }),
    ]);
  });

  it('refuse remote images, stylesheets, fonts, CSS url() and @import, each at its line', () => {
    const mjml = body(
      [
        '<mj-image src="https://cdn.example/logo.png" />',
        '<mj-section background-url=\'//cdn.example/bg.png\'></mj-section>',
        '<mj-font name="Brand" href="https://fonts.example/brand.css" />',
      ].join('\n'),
    );
    const html = ['<link rel="stylesheet" href="http://cdn.example/a.css">', '<style>@import "x.css"; body { background: url( "https://t.example/p.gif") }</style>', '<img srcset="https://cdn.example/a.png 2x">'].join('\n');
    const findings = lint(notice(mjml, html));
    expect(findings.map(({ pointer, line, rule }) => `${pointer}:${line} ${rule}`)).toEqual([
      '/channels/email/mjml:2 external-resource',
      '/channels/email/mjml:3 external-resource',
      '/channels/email/mjml:4 external-resource',
      '/channels/pdf/html:1 external-resource',
      '/channels/pdf/html:3 external-resource',
      '/channels/pdf/html:2 external-resource',
      '/channels/pdf/html:2 external-resource',
    ]);
    expect(findings.every((finding) => finding.severity === 'error')).toBe(true);
    expect(findings[4].message).toMatch(/^srcset= loads a remote resource, which the renderers block: inline images and fonts with \{\{asset "name"\}\} \(line 3, column 6\)$/);
  });

  it('pass the data: URIs the platform prints into a resource: assets and the pay link\'s QR code, also chosen by a condition', () => {
    const html = [
      '<img src="{{actions.payQrSvg}}" alt="Scan to pay">',
      '<img src="{{#if dark}}{{asset "logo-dark"}}{{else}}{{asset \'logo\'}}{{/if}}" alt="">',
      '<style>.seal { background: url({{asset "seal"}}) }</style>',
      '<a href="{{actions.payUrl}}">pay</a>',
    ].join('\n');
    expect(lint(notice(body('<mj-image src="{{ actions.payQrSvg }}" alt="Scan to pay" />'), html))).toEqual([]);
  });

  it('refuse a resource printed from the document\'s data, which could be any remote address', () => {
    const html = [
      '<img src="{{customer.photoUrl}}" alt="">',
      '<img src="{{#if x}}{{asset "logo"}}{{else}}{{recipient.avatar}}{{/if}}" alt="">',
      '<style>p { background: url("{{brand.background}}") }</style>',
      '<svg><image href="{{tracker}}"/><image href="https://t.example/p.gif"/></svg>',
      '<a href="{{customer.site}}">site</a>',
    ].join('\n');
    const findings = lint(notice(body('<mj-image src="{{actions.payUrl}}" />'), html));
    expect(findings.map(({ pointer, line, rule }) => `${pointer}:${line} ${rule}`)).toEqual([
      '/channels/email/mjml:2 external-resource',
      '/channels/pdf/html:4 external-resource',
      '/channels/pdf/html:1 external-resource',
      '/channels/pdf/html:2 external-resource',
      '/channels/pdf/html:4 external-resource',
      '/channels/pdf/html:3 external-resource',
    ]);
    expect(findings[3].message).toMatch(/^src= loads \{\{recipient\.avatar\}\}, a URL from the document's data/);
  });

  it('read the locked blocks a template includes, at their own pointer', () => {
    const blocks = { 'legal-footer': captureBlock(1, { sources: { mjml: '<mj-text>Ltd.</mj-text>\n<mj-image src="https://cdn.example/seal.png" />' }, messages: {} }) };
    expect(lint(notice(body('{{> legal-footer}}'), undefined, blocks))).toEqual([
      expect.objectContaining({ rule: 'external-resource', pointer: '/blocks/legal-footer/sources/mjml', line: 2 }),
    ]);
  });

  it('hold a locked block to the same rules when it is submitted on its own', () => {
    const findings = blockContentRules({ sources: { html: '<p>Ltd.</p>\n<script>x()</script>', text: '<script> in text is only text' }, messages: {} });
    expect(findings).toEqual([expect.objectContaining({ severity: 'error', rule: 'markup-script', pointer: '/sources/html', line: 2, column: 1 })]);
  });

  it('scan a long run of spaces in linear time', () => {
    expect(lint(notice(body(`<img src=${' '.repeat(100_000)}>`)))).toEqual([]);
  });
});
