import fs = require('node:fs');
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import mjml2html from 'mjml';
import { DomainError } from '@app/kernel';
import { MergeEngine, MergeContext, MessageCatalog } from '@app/templating';
import { applyLayout, EmailCompiler, EmailLayout } from './email-compiler';
import { SAMPLE_INVOICE_DATA, SAMPLE_INVOICE_MESSAGES, SAMPLE_INVOICE_MJML } from '../../../../test/support/sample-invoice.fixture';

jest.mock('mjml', () => jest.fn(jest.requireActual<typeof import('mjml')>('mjml')));
const mjml = mjml2html as unknown as jest.Mock;

const LTR: EmailLayout = { dir: 'ltr', lang: 'en' };
const RTL: EmailLayout = { dir: 'rtl', lang: 'ar' };

const simple = (body: string) =>
  `<mjml lang="[[lang]]" dir="[[dir]]"><mj-body><mj-section direction="[[dir]]"><mj-column direction="[[dir]]">${body}</mj-column></mj-section></mj-body></mjml>`;

function context(layout: EmailLayout, data: Record<string, unknown>): MergeContext {
  return {
    recipient: { customerId: 'C-10023', name: layout.dir === 'rtl' ? 'ليلى الحربي' : 'Layla <Al-Harbi>' },
    document: { id: 'doc-1', type: 'invoice' },
    locale: layout.dir === 'rtl' ? { tag: 'ar-KW', language: 'ar', dir: 'rtl' } : { tag: 'en-GB', language: 'en', dir: 'ltr' },
    actions: { payUrl: 'https://ccm.example/a/pay?t=abc&x=1', askUrl: 'https://ccm.example/a/ask?t=def', payPath: 'abc', askPath: 'def', payQrSvg: 'data:image/svg+xml;base64,' },
    ...data,
  };
}

beforeEach(() => mjml.mockClear());

describe('EmailCompiler.precompile', () => {
  it('keeps every Handlebars expression intact through MJML', async () => {
    const html = await new EmailCompiler().precompile(SAMPLE_INVOICE_MJML, LTR);
    for (const expression of [
      '{{t "email.title" number=invoice.number}}',
      '{{t "email.greeting" name=recipient.name}}',
      '{{t "email.intro" number=(bdi invoice.number) date=(date invoice.dueDate)}}',
      '{{#each invoice.lines}}',
      '{{money amount ../invoice.currency}}',
      '{{/each}}',
      'href="{{actions.payUrl}}"',
      'href="{{actions.askUrl}}"',
      '{{#if invoice.note}}',
      '{{invoice.note}}',
      '{{/if}}',
      '{{#each invoice.notices}}',
      '{{@index}}. {{this}}',
      '{{t "email.footer" customer=recipient.customerId}}',
    ]) {
      expect(html).toContain(expression);
    }
  });

  it('keeps lists inside mj-raw and mj-table intact', async () => {
    const html = await new EmailCompiler().precompile(
      simple(
        '<mj-raw><ul>{{#each invoice.notices}}<li data-i="{{@index}}">{{this}}</li>{{else}}<li>{{t "none"}}</li>{{/each}}</ul></mj-raw>' +
          '<mj-table>{{#each invoice.lines as |line|}}<tr><td>{{line.description}}</td></tr>{{/each}}</mj-table>',
      ),
      LTR,
    );
    expect(html).toContain('<ul>{{#each invoice.notices}}<li data-i="{{@index}}">{{this}}</li>{{else}}<li>{{t "none"}}</li>{{/each}}</ul>');
    expect(html).toContain('{{#each invoice.lines as |line|}}<tr><td>{{line.description}}</td></tr>{{/each}}');
  });

  it('lays a right-to-left template out right to left from the layout tokens', async () => {
    const rtl = await new EmailCompiler().precompile(SAMPLE_INVOICE_MJML, RTL);
    expect(rtl).toMatch(/<html lang="ar" dir="rtl"/);
    expect(rtl).not.toMatch(/direction:\s*ltr/);
    expect(rtl).toMatch(/direction:\s*rtl/);
    expect(rtl).toContain('text-align:right');

    const ltr = await new EmailCompiler().precompile(SAMPLE_INVOICE_MJML, LTR);
    expect(ltr).toMatch(/<html lang="en" dir="ltr"/);
    expect(ltr).not.toMatch(/direction:\s*rtl/);
  });

  it('compiles once per key, sharing one compilation between concurrent callers', async () => {
    const compiler = new EmailCompiler();
    const [first, second] = await Promise.all([
      compiler.precompile(SAMPLE_INVOICE_MJML, RTL, 'hash-1:rtl:ar'),
      compiler.precompile(SAMPLE_INVOICE_MJML, RTL, 'hash-1:rtl:ar'),
    ]);
    await compiler.precompile(SAMPLE_INVOICE_MJML, RTL, 'hash-1:rtl:ar');
    expect(second).toBe(first);
    expect(mjml).toHaveBeenCalledTimes(1);
  });

  it('forgets the least recently used template beyond its capacity', async () => {
    const compiler = new EmailCompiler({ cacheSize: 2 });
    const source = simple('<mj-text>{{x}}</mj-text>');
    await compiler.precompile(source, LTR, 'a');
    await compiler.precompile(source, LTR, 'b');
    await compiler.precompile(source, LTR, 'a');
    await compiler.precompile(source, LTR, 'c');
    await compiler.precompile(source, LTR, 'a');
    expect(mjml).toHaveBeenCalledTimes(3);
    await compiler.precompile(source, LTR, 'b');
    expect(mjml).toHaveBeenCalledTimes(4);
  });

  it('reports MJML that cannot be compiled as an invalid template, and does not remember the failure', async () => {
    const compiler = new EmailCompiler();
    await expect(compiler.precompile('<p>not mjml</p>', LTR, 'broken')).rejects.toMatchObject({ code: 'template_invalid' });
    await expect(compiler.precompile('<p>not mjml</p>', LTR, 'broken')).rejects.toBeInstanceOf(DomainError);
    expect(mjml).toHaveBeenCalledTimes(2);
  });

  it('refuses mj-include and never reads the included file', async () => {
    const dir = fs.mkdtempSync(path.join(tmpdir(), 'ccm-include-'));
    const secret = path.join(dir, 'secret.mjml');
    fs.writeFileSync(secret, '<mj-text>TOP-SECRET-MARKER</mj-text>');
    const read = jest.spyOn(fs, 'readFileSync');
    try {
      for (const source of [
        `<mjml><mj-body><mj-include path="/etc/passwd" /></mj-body></mjml>`,
        `<mjml><mj-body><mj-include path="${secret}" /></mj-body></mjml>`,
        simple(`<mj-text><MJ-INCLUDE path="${path.relative(process.cwd(), secret)}" /></mj-text>`),
        `<mjml><mj-head><mj-include path="${secret}" type="css" /></mj-head><mj-body></mj-body></mjml>`,
      ]) {
        await expect(new EmailCompiler().precompile(source, LTR)).rejects.toMatchObject({ code: 'template_invalid' });
      }
      const paths = read.mock.calls.map(([file]) => String(file));
      expect(paths.filter((file) => file.includes('passwd') || file.includes('secret.mjml'))).toEqual([]);
      expect(mjml).not.toHaveBeenCalled();
    } finally {
      read.mockRestore();
    }
  });

  it('refuses a layout that could inject into the html element', async () => {
    await expect(new EmailCompiler().precompile(simple(''), { dir: 'ltr', lang: 'en" onload="x' })).rejects.toMatchObject({
      code: 'template_invalid',
    });
  });
});

describe('EmailCompiler.validateMjml', () => {
  it('finds nothing wrong with a well-formed template', async () => {
    expect(await new EmailCompiler().validateMjml(SAMPLE_INVOICE_MJML, RTL)).toEqual([]);
  });

  it('reports misplaced elements and expressions in typed attributes, with their lines', async () => {
    const source = [
      '<mjml><mj-body>',
      '<mj-text>outside a column</mj-text>',
      '<mj-section><mj-column>',
      '<mj-text color="{{brand.colour}}">hi</mj-text>',
      '</mj-column></mj-section>',
      '</mj-body></mjml>',
    ].join('\n');
    const problems = await new EmailCompiler().validateMjml(source, LTR);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 2, tagName: 'mj-text', message: expect.stringContaining('mj-text cannot be used inside mj-body') }),
        expect.objectContaining({ line: 4, tagName: 'mj-text', message: expect.stringContaining('color') }),
      ]),
    );
  });

  it('reports mj-include as a problem', async () => {
    expect(await new EmailCompiler().validateMjml('<mjml>\n<mj-body>\n<mj-include path="x.mjml" /></mj-body></mjml>', LTR)).toEqual([
      { line: 3, message: 'mj-include is not allowed', tagName: 'mj-include' },
    ]);
  });
});

describe('precompiled email merged per message', () => {
  const engine = new MergeEngine();
  const options = { validationLevel: 'soft', keepComments: false, beautify: false, minify: false } as const;

  it.each([
    ['left to right, with the optional note', LTR, SAMPLE_INVOICE_DATA],
    ['right to left, with the optional note', RTL, SAMPLE_INVOICE_DATA],
    ['left to right, without the optional note', LTR, { invoice: { ...SAMPLE_INVOICE_DATA.invoice, note: undefined } }],
    ['right to left, without notices', RTL, { invoice: { ...SAMPLE_INVOICE_DATA.invoice, notices: [] } }],
  ])('is byte-identical to merging first and compiling MJML per message (%s)', async (_, layout, data) => {
    const env = { catalog: new MessageCatalog(layout.lang, SAMPLE_INVOICE_MESSAGES[layout.lang]), channel: 'email' as const };
    const merge = (source: string) => engine.compile(source, { escape: 'html' })(context(layout, data), env);

    const precompiled = merge(await new EmailCompiler().precompile(SAMPLE_INVOICE_MJML, layout));
    const naive = (await jest.requireActual<typeof mjml2html>('mjml')(merge(applyLayout(SAMPLE_INVOICE_MJML, layout)), options)).html;

    expect(precompiled).toBe(naive);
    expect(precompiled).toContain(layout.dir === 'rtl' ? 'ليلى الحربي' : 'Layla &lt;Al-Harbi&gt;');
    expect(precompiled).toContain('href="https://ccm.example/a/pay?t&#x3D;abc&amp;x&#x3D;1"');
  });
});
