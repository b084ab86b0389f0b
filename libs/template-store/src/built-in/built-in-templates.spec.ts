import { cp, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ActionLinkFormat } from '@app/actions';
import { analyzeSms, buildWhatsAppMessage, EmailCompiler, qrCodeDataUri } from '@app/rendering';
import { captureAsset, emptyOfferSlots, type InlineAssets, type TemplateContent, toDataUri } from '@app/contracts';
import { blockSources, DataContractValidator, expandBlocks, formatMoney, type MergeContext, MergeEngine, MessageCatalog, resolveLocale, withEmailLineBudget } from '@app/templating';
import { LOCALE_TAGS, loadSampleDocuments, type SampleDocument } from '../../../../test/support/fixtures';
import { loadBuiltInAssets, loadBuiltInBlocks, loadBuiltInTemplates, loadTemplateFolder, type LoadedTemplate } from './index';

const TEMPLATES_DIR = path.resolve(__dirname, '../../../../templates');
const LANGUAGES = ['en', 'ar', 'zh'] as const;
/** A tag per catalog language, for rendering each fixture in the languages it was not written in. */
/** Gmail clips a message above about 102 KB, hiding whatever follows (the pay button among it). */
const GMAIL_CLIP_BYTES = 102 * 1024;
const PUBLIC_URL = 'https://ccm.northwind.example';

type Fixture = SampleDocument;

const links = new ActionLinkFormat({ publicUrl: PUBLIC_URL, signingSecret: 'built-in-templates-spec-secret-0123456789' });
const engine = new MergeEngine();
const emailCompiler = new EmailCompiler();

let templates: LoadedTemplate[];
let fixtures: Fixture[];
/** The built-in assets as data URIs, as the composer supplies them to a merge. */
let assets: InlineAssets;
/** Each fixture's pay link as a QR code, made up front as the composer makes it for a document. */
const payQrs = new Map<string, string>();

function template(key: string): TemplateContent {
  const found = templates.find((loaded) => loaded.key === key);
  if (!found) throw new Error(`no built-in template "${key}"`);
  return found.content;
}

function documentIdOf(fixture: Fixture): string {
  return `00000000-0000-4000-8000-${String(fixtures.indexOf(fixture) + 1).padStart(12, '0')}`;
}

function contextFor(fixture: Fixture, tag: string, data: Record<string, unknown> = fixture.data): MergeContext {
  const { customerId, name, email, phone, whatsapp } = fixture.recipient;
  const id = documentIdOf(fixture);
  return {
    ...data,
    recipient: { customerId, name, email, phone, whatsapp },
    document: { id, type: fixture.type, externalRef: fixture.externalRef },
    locale: resolveLocale(tag, template(fixture.type)),
    actions: { ...links.sample(id), payQrSvg: payQrs.get(id)! },
    // As the composer gives it to a message without an offer: every declared slot empty.
    offers: emptyOfferSlots(template(fixture.type).offerSlots),
  };
}

function catalogFor(content: TemplateContent, context: MergeContext): MessageCatalog {
  return MessageCatalog.fromContent(content, context.locale.language);
}

function mergeText(source: string, context: MergeContext, content: TemplateContent, channel: 'email' | 'sms' | 'whatsapp' | 'pdf'): string {
  return engine.compile(source, { escape: 'none', partials: blockSources(content, 'text') })(context, { catalog: catalogFor(content, context), channel, assets });
}

/** Merged as the email composer merges: an invoice shows the lines within its line budget. */
async function mergeEmail(content: TemplateContent, documentContext: MergeContext): Promise<{ subject: string; html: string; text: string }> {
  const context = withEmailLineBudget(documentContext, content);
  const email = content.channels.email!;
  const env = { catalog: catalogFor(content, context), channel: 'email' as const, assets };
  const precompiled = await emailCompiler.precompile(mjmlOf(content), { dir: context.locale.dir, lang: context.locale.language });
  const text = blockSources(content, 'text');
  return {
    subject: engine.compile(email.subject, { escape: 'none', partials: text })(context, env),
    html: engine.compile(precompiled, { escape: 'html' })(context, env),
    text: engine.compile(email.text, { escape: 'none', partials: text })(context, env),
  };
}

function mergePdf(content: TemplateContent, context: MergeContext): string {
  const env = { catalog: catalogFor(content, context), channel: 'pdf' as const, assets };
  return engine.compile(content.channels.pdf!.html, { escape: 'html', partials: blockSources(content, 'html') })(context, env);
}

/** The email MJML as it compiles: with its locked blocks in place. */
function mjmlOf(content: TemplateContent): string {
  return expandBlocks(content, content.channels.email!.mjml, 'mjml');
}

function mergeWhatsApp(content: TemplateContent, context: MergeContext) {
  const whatsapp = content.channels.whatsapp!;
  const parameterValues = Object.fromEntries(
    Object.entries(whatsapp.parameters).map(([name, expression]) => [name, mergeText(expression, context, content, 'whatsapp')]),
  );
  const buttonSuffixes = whatsapp.buttons.flatMap((button) =>
    button.type === 'url' ? [mergeText(button.suffix ?? '', context, content, 'whatsapp')] : [],
  );
  const buttonPayloads = whatsapp.buttons.flatMap((button) => (button.type === 'quick_reply' ? [mergeText(button.payload, context, content, 'whatsapp')] : []));
  return buildWhatsAppMessage({
    content: whatsapp,
    language: context.locale.language,
    to: '+966501234567',
    parameterValues,
    buttonSuffixes,
    buttonPayloads,
  });
}

/** Every language: the fixture's own first, then the two it was not written in. */
function tagsFor(fixture: Fixture): string[] {
  const own = resolveLocale(fixture.locale, template(fixture.type)).language;
  return [fixture.locale, ...LANGUAGES.filter((language) => language !== own).map((language) => LOCALE_TAGS[language])];
}

beforeAll(async () => {
  templates = await loadBuiltInTemplates(TEMPLATES_DIR, { publicUrl: PUBLIC_URL });
  assets = new Map((await loadBuiltInAssets(TEMPLATES_DIR)).map((asset) => [asset.name, toDataUri(asset.contentType, asset.bytes)]));
  fixtures = loadSampleDocuments();
  for (const fixture of fixtures) payQrs.set(documentIdOf(fixture), await qrCodeDataUri(links.sample(documentIdOf(fixture)).payUrl));
});

describe('built-in templates', () => {
  it('loads invoice, payment confirmation and service update, each in en, ar and zh on every channel', () => {
    expect(templates.map((loaded) => loaded.key)).toEqual(['invoice', 'payment-confirmation', 'service-update']);
    for (const { key, content } of templates) {
      expect(content.kind).toBe(key);
      expect([...content.locales]).toEqual(['en', 'ar', 'zh']);
      expect(content.defaultLocale).toBe('en');
      expect(Object.keys(content.channels).sort()).toEqual(['email', 'pdf', 'sms', 'whatsapp']);
      expect(Object.keys(content.channels.whatsapp!.locales).sort()).toEqual(['ar', 'en', 'zh']);
      expect(content.channels.whatsapp!.category).toBe('utility');
      expect(content.channels.pdf!.format).toBe('A4');
    }
  });

  it('drops the newline that ends a file, so subjects and SMS do not end with a line break', () => {
    for (const { content } of templates) {
      expect(content.channels.email!.subject).not.toMatch(/\n$/);
      expect(content.channels.sms!.text).not.toMatch(/\n$/);
    }
  });

  it('ships the same message keys in every language, all valid ICU', () => {
    for (const { key, content } of templates) {
      const english = new MessageCatalog('en', content.messages.en);
      for (const language of LANGUAGES) {
        const catalog = new MessageCatalog(language, content.messages[language]);
        expect({ key, language, keys: catalog.keys() }).toEqual({ key, language, keys: english.keys() });
        expect({ key, language, errors: catalog.syntaxErrors() }).toEqual({ key, language, errors: [] });
      }
    }
  });

  it('gives Arabic plurals all six categories', () => {
    for (const { key, content } of templates) {
      for (const [name, message] of Object.entries(content.messages.ar)) {
        if (!message.includes('plural,')) continue;
        for (const category of ['zero', 'one', 'two', 'few', 'many', 'other']) {
          expect({ key, name, has: message.includes(` ${category} {`) }).toEqual({ key, name, has: true });
        }
      }
    }
  });

  it('has a message for every value of the enums the templates translate by value', () => {
    const enumOf = (content: TemplateContent, object: string, field: string): string[] => {
      const defs = content.dataContract.$defs as Record<string, { properties: Record<string, { enum: string[] }> }>;
      return defs[object].properties[field].enum;
    };
    const cases: Array<[string, string[]]> = [
      ['payment-confirmation', enumOf(template('payment-confirmation'), 'payment', 'method')],
      ['service-update', enumOf(template('service-update'), 'update', 'kind')],
    ];
    for (const [key, values] of cases) {
      expect(values.length).toBeGreaterThan(0);
      for (const language of LANGUAGES) {
        for (const value of values) expect({ key, language, value, has: Object.hasOwn(template(key).messages[language], value) }).toEqual({ key, language, value, has: true });
      }
    }
  });
});

describe('built-in locked blocks', () => {
  it('ships the legal footer, sender identity and brand styles, each speaking every language of the templates', async () => {
    const blocks = await loadBuiltInBlocks(TEMPLATES_DIR);
    expect(blocks.map((block) => block.name)).toEqual(['brand-styles', 'legal-footer', 'sender-identity']);
    for (const { name, content } of blocks) {
      const languages = Object.keys(content.messages).sort();
      if (languages.length === 0) continue;
      expect({ name, languages }).toEqual({ name, languages: [...LANGUAGES].sort() });
      const english = new MessageCatalog('en', content.messages.en);
      for (const language of LANGUAGES) {
        const catalog = new MessageCatalog(language, content.messages[language]);
        expect({ name, language, keys: catalog.keys(), errors: catalog.syntaxErrors() }).toEqual({ name, language, keys: english.keys(), errors: [] });
      }
    }
  });

  it('are carried by every built-in template as their version 1, and never defined by a template catalog', () => {
    for (const { key, content } of templates) {
      expect({ key, blocks: Object.keys(content.blocks ?? {}).sort() }).toEqual({ key, blocks: ['brand-styles', 'legal-footer', 'sender-identity'] });
      for (const [name, block] of Object.entries(content.blocks!)) {
        expect({ key, name, version: block.version, hash: block.contentHash }).toEqual({ key, name, version: 1, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
        for (const language of LANGUAGES) {
          const overridden = Object.keys(block.messages[language] ?? {}).filter((message) => Object.hasOwn(content.messages[language], message));
          expect({ key, name, language, overridden }).toEqual({ key, name, language, overridden: [] });
        }
      }
    }
  });
});

describe('built-in brand assets', () => {
  it('ship the Northwind Fiber logo, captured by hash into every built-in template through the sender identity', async () => {
    const [logo] = await loadBuiltInAssets(TEMPLATES_DIR);
    expect(logo).toMatchObject({ name: 'logo', contentType: 'image/png' });
    for (const { key, content } of templates) {
      expect({ key, assets: content.assets }).toEqual({ key, assets: { logo: captureAsset('image/png', logo.bytes) } });
    }
  });

  it('inline the logo once at the top of every email and PDF, and nothing else', async () => {
    const uri = assets.get('logo')!;
    for (const fixture of fixtures) {
      const content = template(fixture.type);
      const context = contextFor(fixture, fixture.locale);
      const { html } = await mergeEmail(content, context);
      const pdf = mergePdf(content, context);
      for (const output of [html, pdf]) {
        expect(output.split(uri).length - 1).toBe(1);
        expect(output.indexOf(uri)).toBeLessThan(output.indexOf(catalogFor(content, context).format('brand.name')));
      }
    }
  });
});

describe('built-in data contracts', () => {
  const validator = new DataContractValidator();

  it('never define the names the merge context reserves', () => {
    for (const { content } of templates) {
      const properties = Object.keys(content.dataContract.properties as object);
      for (const reserved of ['recipient', 'document', 'locale', 'actions']) expect(properties).not.toContain(reserved);
    }
  });

  it('accept every sample document', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(10);
    for (const fixture of fixtures) {
      const errors = validator.validate(fixture.type, template(fixture.type).dataContract, fixture.data);
      expect({ file: fixture.file, errors }).toEqual({ file: fixture.file, errors: [] });
    }
  });

  it('reject unknown fields at every level, float money and malformed dates', () => {
    const invoice = fixtures.find((fixture) => fixture.file === 'invoice-en-us.json')!;
    const data = structuredClone(invoice.data) as { invoice: Record<string, unknown> & { lines: Array<Record<string, unknown>> } };
    data.invoice.lines[0].discount = '1.00';
    data.invoice.total = 83.1;
    data.invoice.dueDate = '15/11/2026';
    (data as Record<string, unknown>).recipient = { name: 'x' };
    const pointers = validator.validate('invoice', template('invoice').dataContract, data).map((error) => error.pointer);
    expect(pointers).toEqual(
      expect.arrayContaining(['/data/recipient', '/data/invoice/lines/0/discount', '/data/invoice/total', '/data/invoice/dueDate']),
    );
  });

  it('require what each kind of service update needs to be understood', () => {
    const maintenance = { account: { number: 'A-1', plan: 'Fiber 500' }, update: { kind: 'maintenance', title: 'Works', summary: 'Works.' } };
    expect(validator.validate('service-update', template('service-update').dataContract, maintenance)).toContainEqual({
      pointer: '/data/update/startsAt',
      message: 'is required',
    });
    const priceChange = { ...maintenance, update: { ...maintenance.update, kind: 'price-change', effectiveDate: '2027-01-01' } };
    expect(validator.validate('service-update', template('service-update').dataContract, priceChange)).toContainEqual({
      pointer: '/data/update/newPrice',
      message: 'is required',
    });
  });
});

describe('built-in email MJML', () => {
  it('passes strict MJML validation in both directions', async () => {
    for (const { key, content } of templates) {
      for (const layout of [{ dir: 'ltr' as const, lang: 'en' }, { dir: 'rtl' as const, lang: 'ar' }]) {
        expect({ key, layout, problems: await emailCompiler.validateMjml(mjmlOf(content), layout) }).toEqual({ key, layout, problems: [] });
      }
    }
  });

  it('keeps every Handlebars expression through precompilation and lays Arabic out right to left', async () => {
    for (const { key, content } of templates) {
      const mjml = mjmlOf(content);
      const html = await emailCompiler.precompile(mjml, { dir: 'rtl', lang: 'ar' });
      for (const expression of new Set(mjml.match(/\{\{[^}]*\}\}/g))) expect({ key, expression, kept: html.includes(expression) }).toEqual({ key, expression, kept: true });
      expect(html).toContain('<html lang="ar" dir="rtl"');
      expect(html).not.toContain('direction:ltr');
      expect(html).not.toContain('[[');
    }
  });
});

describe('merging every sample document', () => {
  it('merges email subject, HTML and text in its own language and the other two', async () => {
    for (const fixture of fixtures) {
      const content = template(fixture.type);
      for (const tag of tagsFor(fixture)) {
        const context = contextFor(fixture, tag);
        const { subject, html, text } = await mergeEmail(content, context);
        const where = `${fixture.file} as ${tag}`;
        expect({ where, subject: subject.length > 0 && !/[\r\n]/.test(subject) }).toEqual({ where, subject: true });
        expect(html).toContain(`dir="${context.locale.dir}"`);
        expect(html).toContain(context.actions.askUrl);
        expect(text).toContain(context.actions.askUrl);
        expect(Buffer.byteLength(html)).toBeLessThan(GMAIL_CLIP_BYTES / 2);
        if (fixture.type === 'invoice') {
          expect(html).toContain(context.actions.payUrl);
          expect(text).toContain(context.actions.payUrl);
          expect(html).toContain(String((fixture.data.invoice as { number: string }).number));
        }
      }
    }
  });

  it('merges the PDF HTML with its language, direction and visible action links', () => {
    for (const fixture of fixtures) {
      const content = template(fixture.type);
      for (const tag of tagsFor(fixture)) {
        const context = contextFor(fixture, tag);
        const html = mergePdf(content, context);
        expect(html).toContain(`<html lang="${tag}" dir="${context.locale.dir}">`);
        expect(html).toContain(`>${context.actions.askUrl}</a>`);
        if (fixture.type === 'invoice') {
          expect(html).toContain(`>${context.actions.payUrl}</a>`);
          // The QR code of the same link, described for a screen reader in the document's language.
          const qr = new RegExp(`<img src="${context.actions.payQrSvg.replace(/[+/=]/g, '.+?')}" alt="([^"]+)">`).exec(html);
          expect(qr?.[1]).toBe(catalogFor(content, context).format('invoice.payQrAlt'));
        }
        expect(html).not.toMatch(/<script|<link|@import|url\(/i);
      }
    }
  });

  it('merges an SMS that names the sender brand, carries the action link and fits its segment budget', () => {
    for (const fixture of fixtures) {
      const content = template(fixture.type);
      const sms = content.channels.sms!;
      for (const tag of tagsFor(fixture)) {
        const context = contextFor(fixture, tag);
        const text = mergeText(sms.text, context, content, 'sms');
        const analysis = analyzeSms(text, { smart: sms.smartEncoding });
        const where = `${fixture.file} as ${tag}`;
        expect({ where, brand: text.includes(catalogFor(content, context).format('brand.name')) }).toEqual({ where, brand: true });
        expect(text).toContain(fixture.type === 'invoice' ? context.actions.payUrl : context.actions.askUrl);
        expect({ where, segments: analysis.segments <= sms.maxSegments }).toEqual({ where, segments: true });
        if (tag === fixture.locale && context.locale.language === 'en') expect({ where, encoding: analysis.encoding }).toEqual({ where, encoding: 'GSM-7' });
      }
    }
  });

  it('merges WhatsApp parameters into a message Meta would accept', () => {
    for (const fixture of fixtures) {
      const content = template(fixture.type);
      for (const tag of tagsFor(fixture)) {
        const context = contextFor(fixture, tag);
        const message = mergeWhatsApp(content, context);
        const where = `${fixture.file} as ${tag}`;
        const errors = message.findings.filter((finding) => finding.severity === 'error');
        const warnings = message.findings.filter((finding) => finding.severity === 'warning');
        expect({ where, errors, warnings }).toEqual({ where, errors: [], warnings: [] });
        expect(message.filled.body).not.toMatch(/\{\{/);
        // The ask reply comes back with the document's ask token.
        expect(message.payload.template.components.filter((component) => component.type === 'button' && component.sub_type === 'quick_reply')).toEqual([
          { type: 'button', sub_type: 'quick_reply', index: String(content.channels.whatsapp!.buttons.length - 1), parameters: [{ type: 'payload', payload: `ask:${context.actions.askPath}` }] },
        ]);
      }
    }
  });

  it('keeps the WhatsApp body of a service update within 1,024 characters with every field at its longest', () => {
    const maintenance = fixtures.find((fixture) => fixture.file === 'service-update-en-us.json')!;
    const longest = { ...maintenance, recipient: { ...maintenance.recipient, name: 'N'.repeat(60) } };
    const data = {
      account: { number: 'A'.repeat(64), plan: 'P'.repeat(200) },
      update: {
        kind: 'maintenance',
        title: 'T'.repeat(80),
        summary: 'S'.repeat(280),
        startsAt: '2026-11-28T06:00:00Z',
        endsAt: '2026-11-28T09:00:00Z',
        area: 'W'.repeat(80),
        affectedServices: Array.from({ length: 6 }, () => 'X'.repeat(40)),
      },
    };
    expect(new DataContractValidator().validate('service-update', template('service-update').dataContract, data)).toEqual([]);
    for (const tag of ['en-US', 'ar-SA', 'zh-CN']) {
      const message = mergeWhatsApp(template('service-update'), contextFor(longest, tag, data));
      expect({ tag, findings: message.findings }).toEqual({ tag, findings: [] });
    }
  });

  it('keeps a 200-line invoice email well under the Gmail clipping size', async () => {
    const invoice = fixtures.find((fixture) => fixture.file === 'invoice-ar-sa.json')!;
    const data = structuredClone(invoice.data) as { invoice: { lines: unknown[] } };
    data.invoice.lines = Array.from({ length: 200 }, (_, index) => ({
      description: `مكالمات دولية — رقم ${index + 1}`,
      quantity: '12',
      unitPrice: '0.80',
      amount: '9.60',
    }));
    for (const tag of ['ar-SA', 'en-US', 'zh-CN']) {
      const { html } = await mergeEmail(template('invoice'), contextFor(invoice, tag, data));
      expect({ tag, bytes: Buffer.byteLength(html) < GMAIL_CLIP_BYTES * 0.8 }).toEqual({ tag, bytes: true });
    }
  });

  it('shows the ten largest lines of a 220-line invoice in its email and text part, the rest as a count and sum, and every line in the PDF', async () => {
    const invoice = fixtures.find((fixture) => fixture.file === 'invoice-en-us.json')!;
    const data = structuredClone(invoice.data) as { invoice: Record<string, unknown> };
    // 218 calls of 0.50 and two large charges in the middle of the bill; they reconcile.
    const lines = Array.from({ length: 220 }, (_, index) => ({ description: `Call ${index + 1}`, quantity: '1', unitPrice: '0.50', amount: '0.50' }));
    lines[100] = { description: 'Router replacement', quantity: '1', unitPrice: '120.00', amount: '120.00' };
    lines[150] = { description: 'Installation visit', quantity: '1', unitPrice: '59.99', amount: '59.99' };
    Object.assign(data.invoice, { lines, subtotal: '289.99', tax: '0.00', total: '289.99', amountDue: '289.99' });
    delete data.invoice.taxRate;
    const expected = {
      'en-US': '210 more charges totalling $105.00 are listed in the full bill (PDF).',
      'ar-SA': `\u2068${formatMoney('105.00', 'USD', 'ar-SA')}\u2069`,
      'zh-CN': `另有 210 项费用，共 ${formatMoney('105.00', 'USD', 'zh-CN')}，详见完整账单（PDF）。`,
    };
    for (const [tag, more] of Object.entries(expected)) {
      const context = contextFor(invoice, tag, data);
      const { html, text } = await mergeEmail(template('invoice'), context);
      for (const part of [html, text]) {
        expect({ tag, router: part.includes('Router replacement'), visit: part.includes('Installation visit'), more: part.includes(more) }).toEqual({ tag, router: true, visit: true, more: true });
        expect({ tag, calls: part.match(/Call \d+/g)?.length }).toEqual({ tag, calls: 8 });
      }
      expect(html.indexOf('Router replacement')).toBeLessThan(html.indexOf('Installation visit'));
      expect(mergePdf(template('invoice'), context).match(/Call \d+/g)).toHaveLength(218);
    }
  });

  it('shows service times in the time zone the document gives, and says UTC when it gives none', () => {
    const maintenance = fixtures.find((fixture) => fixture.file === 'service-update-en-us.json')!;
    const content = template('service-update');
    const utc = mergeText(content.channels.sms!.text, contextFor(maintenance, 'en-US'), content, 'sms');
    expect(utc).toContain('6:00 AM to Nov 28, 2026, 9:00 AM UTC.');
    const data = structuredClone(maintenance.data) as { update: Record<string, unknown> };
    data.update.timeZone = 'America/New_York';
    const local = mergeText(content.channels.sms!.text, contextFor(maintenance, 'en-US', data), content, 'sms');
    expect(local).toContain('1:00 AM to Nov 28, 2026, 4:00 AM.');
    expect(local).not.toContain('UTC');
  });

  it('escapes hostile customer data in HTML channels', async () => {
    const invoice = fixtures.find((fixture) => fixture.file === 'invoice-en-us.json')!;
    const hostile = { ...invoice, recipient: { ...invoice.recipient, name: '<script>alert(1)</script>' } };
    const context = contextFor(hostile, 'en-US');
    const { html } = await mergeEmail(template('invoice'), context);
    const pdf = mergePdf(template('invoice'), context);
    for (const output of [html, pdf]) {
      expect(output).not.toContain('<script>alert(1)');
      expect(output).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
  });
});

describe('loading a template folder', () => {
  let workDir: string;

  beforeEach(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'ccm-template-folder-'));
    await cp(path.join(TEMPLATES_DIR, 'invoice'), path.join(workDir, 'invoice'), { recursive: true });
  });

  afterEach(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  const folder = () => path.join(workDir, 'invoice');

  it('produces the same content as the built-in loader, keyed by the folder name, less the blocks and assets it includes', async () => {
    const loaded = await loadTemplateFolder(folder(), { publicUrl: PUBLIC_URL });
    const { blocks, assets: captured, ...rest } = template('invoice');
    expect(loaded).toEqual({ key: 'invoice', content: rest });
    expect(Object.keys(blocks ?? {}).sort()).toEqual(['brand-styles', 'legal-footer', 'sender-identity']);
    expect(Object.keys(captured ?? {})).toEqual(['logo']);
  });

  it('registers the pay button under the public URL the platform runs at, which every other pay link uses', async () => {
    const loaded = await loadTemplateFolder(folder(), { publicUrl: 'https://billing.example.test' });
    expect(loaded.content.channels.whatsapp!.buttons[0]).toMatchObject({ type: 'url', url: 'https://billing.example.test/a/pay/{{1}}' });
    const json = JSON.parse(await readFile(path.join(folder(), 'template.json'), 'utf8'));
    json.channels.whatsapp.buttons[0].url = 'https://partner.example/pay/{{1}}';
    await writeFile(path.join(folder(), 'template.json'), JSON.stringify(json));
    // A full URL is someone else's address and is registered as written.
    const external = await loadTemplateFolder(folder(), { publicUrl: 'https://billing.example.test' });
    expect(external.content.channels.whatsapp!.buttons[0]).toMatchObject({ url: 'https://partner.example/pay/{{1}}' });
  });

  it('names an asset a block or template inlines that no file in _assets provides', async () => {
    await cp(path.join(TEMPLATES_DIR, '_blocks'), path.join(workDir, '_blocks'), { recursive: true });
    await expect(loadBuiltInTemplates(workDir, { publicUrl: PUBLIC_URL })).rejects.toThrow(/invoice: inlines \{\{asset "logo"\}\} \(\/blocks\/sender-identity\/sources\/mjml\), which is not a file in _assets/);
  });

  it('skips _blocks and _assets as template folders and names a locked block no folder ships', async () => {
    await cp(path.join(TEMPLATES_DIR, '_blocks'), path.join(workDir, '_blocks'), { recursive: true });
    await cp(path.join(TEMPLATES_DIR, '_assets'), path.join(workDir, '_assets'), { recursive: true });
    expect((await loadBuiltInTemplates(workDir, { publicUrl: PUBLIC_URL })).map((loaded) => loaded.key)).toEqual(['invoice']);
    await rm(path.join(workDir, '_blocks', 'legal-footer'), { recursive: true });
    await expect(loadBuiltInTemplates(workDir, { publicUrl: PUBLIC_URL })).rejects.toThrow(/invoice: includes \{\{> legal-footer\}\}, which is not a block in _blocks/);
  });

  it('names a missing file', async () => {
    await unlink(path.join(folder(), 'email.mjml'));
    await expect(loadTemplateFolder(folder(), { publicUrl: PUBLIC_URL })).rejects.toThrow(/invoice\/email\.mjml: is missing/);
  });

  it('names a file that is not valid JSON', async () => {
    await writeFile(path.join(folder(), 'template.json'), '{ "kind": "invoice", ');
    await expect(loadTemplateFolder(folder(), { publicUrl: PUBLIC_URL })).rejects.toThrow(/invoice\/template\.json: is not valid JSON/);
  });

  it('names the catalog and the keys it lacks', async () => {
    const file = path.join(folder(), 'messages', 'ar.json');
    const catalog = JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    delete catalog['invoice.payButton'];
    await writeFile(file, JSON.stringify(catalog));
    await expect(loadTemplateFolder(folder(), { publicUrl: PUBLIC_URL })).rejects.toThrow(/messages\/ar\.json: lacks "invoice\.payButton"/);
  });

  it('refuses a data contract that defines a reserved root name', async () => {
    const file = path.join(folder(), 'data-contract.schema.json');
    const schema = JSON.parse(await readFile(file, 'utf8')) as { properties: Record<string, unknown> };
    schema.properties.actions = { type: 'object' };
    await writeFile(file, JSON.stringify(schema));
    await expect(loadTemplateFolder(folder(), { publicUrl: PUBLIC_URL })).rejects.toThrow(/data-contract\.schema\.json: "properties\.actions" is reserved/);
  });

  it('refuses WhatsApp texts whose labels do not match the buttons', async () => {
    const file = path.join(folder(), 'whatsapp', 'zh.json');
    const texts = JSON.parse(await readFile(file, 'utf8')) as { buttonLabels: string[] };
    texts.buttonLabels = texts.buttonLabels.slice(0, 1);
    await writeFile(file, JSON.stringify(texts));
    await expect(loadTemplateFolder(folder(), { publicUrl: PUBLIC_URL })).rejects.toThrow(/whatsapp\/zh\.json: "buttonLabels" has 1 labels for the 2 buttons/);
  });

  it('refuses channel settings it does not know, rather than dropping them', async () => {
    const file = path.join(folder(), 'template.json');
    const manifest = JSON.parse(await readFile(file, 'utf8')) as { channels: { sms: Record<string, unknown> } };
    manifest.channels.sms.unicode = true;
    await writeFile(file, JSON.stringify(manifest));
    await expect(loadTemplateFolder(folder(), { publicUrl: PUBLIC_URL })).rejects.toThrow(/template\.json: "channels\.sms\.unicode" is not a known field/);
  });
});
