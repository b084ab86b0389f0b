import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import {
  captureAsset,
  type CapturedAsset,
  type CapturedBlock,
  captureBlock,
  type Channel,
  type ChannelContents,
  type EmailContent,
  isChannel,
  OFFER_SLOT_NAME,
  type PdfContent,
  type SampleDocument,
  type SmsContent,
  type TemplateContent,
  type WhatsAppButton,
  type WhatsAppContent,
  type WhatsAppLocaleContent,
} from '@app/contracts';
import { assetReferences, blockUses, EMAIL_LINE_BUDGET_MAX, EMAIL_LINE_BUDGET_MIN, partsOf, RESERVED_CONTEXT_KEYS } from '@app/templating';
import { BUILT_IN_ASSETS_FOLDER, loadBuiltInAssets } from './asset-folder.loader';
import { BUILT_IN_BLOCKS_FOLDER, loadBuiltInBlocks } from './block-folder.loader';
import { FieldReader, type Json, reason, TemplateFolder, TemplateFolderError } from './folder-reader';

export { TemplateFolderError } from './folder-reader';

/**
 * A template kept as a folder of files (the form built-in templates ship in):
 *
 *     <key>/template.json               kind, name, locales, channel settings
 *     <key>/data-contract.schema.json   JSON Schema of the document's `data`
 *     <key>/messages/<lang>.json        ICU catalogs, one per locale
 *     <key>/email.subject.hbs, email.mjml, email.text.hbs
 *     <key>/pdf.html
 *     <key>/sms.hbs
 *     <key>/whatsapp/<lang>.json        Meta template texts, one per locale
 *     <key>/samples/<name>.json         sample documents { locale, recipient, data } (optional)
 *
 * Channel files are read only for the channels `template.json` declares.
 * Locked blocks the sources include (`{{> legal-footer}}`) ship beside the
 * templates in `_blocks/` (see `block-folder.loader.ts`), brand assets they
 * inline (`{{asset "logo"}}`) in `_assets/` (see `asset-folder.loader.ts`).
 */
export interface LoadedTemplate {
  readonly key: string;
  readonly content: TemplateContent;
}

/** Template keys double as document `type` values and URL segments. */
const TEMPLATE_KEY = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const LOCALE = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;
const PDF_FORMATS: readonly NonNullable<PdfContent['format']>[] = ['A4', 'Letter', 'Legal', 'A5'];
const WHATSAPP_CATEGORIES: readonly WhatsAppContent['category'][] = ['utility', 'marketing', 'authentication'];

const TEMPLATE_FIELDS = ['kind', 'name', 'description', 'locales', 'defaultLocale', 'defaultChannels', 'channels', 'offerSlots'];
const CHANNEL_FIELDS: Readonly<Record<Channel, readonly string[]>> = {
  email: ['lineBudget'],
  pdf: ['format', 'landscape'],
  sms: ['sender', 'maxSegments', 'smartEncoding'],
  whatsapp: ['name', 'category', 'parameters', 'buttons'],
};
const WHATSAPP_LOCALE_FIELDS = ['header', 'body', 'footer', 'buttonLabels'];


/** What a template folder leaves to the platform it is imported into. */
export interface TemplateFolderOptions {
  /**
   * The platform's public URL (`CCM_PUBLIC_URL`, no trailing slash). A WhatsApp URL
   * button written as a path (`/a/pay/{{1}}`) is registered under it, so the button
   * opens the same host as every other pay and ask link.
   */
  readonly publicUrl: string;
}

/** Reads one template folder into the content a template version holds; the folder's name is the key. */
export async function loadTemplateFolder(dir: string, options: TemplateFolderOptions): Promise<LoadedTemplate> {
  const key = path.basename(path.resolve(dir));
  if (!TEMPLATE_KEY.test(key)) {
    throw new TemplateFolderError(dir, `folder name "${key}" is not a template key (lowercase letters, digits and single hyphens)`);
  }
  const folder = new TemplateFolder(dir);

  const manifestFile = 'template.json';
  const manifest = await folder.json(manifestFile);
  const at = new FieldReader(folder.describe(manifestFile), manifest);
  at.onlyFields(TEMPLATE_FIELDS);
  const kind = at.text('kind');
  const name = at.text('name');
  const description = at.optionalText('description');
  const locales = at.textList('locales', LOCALE, 'a language subtag such as "en"');
  if (locales.length === 0) at.fail('locales', 'must list at least one locale');
  if (new Set(locales).size !== locales.length) at.fail('locales', 'lists a locale twice');
  const defaultLocale = at.text('defaultLocale');
  if (!locales.includes(defaultLocale)) at.fail('defaultLocale', `"${defaultLocale}" is not one of locales`);
  const defaultChannels = at.textList('defaultChannels').map((channel) => {
    if (!isChannel(channel)) at.fail('defaultChannels', `"${channel}" is not a channel`);
    return channel as Channel;
  });
  const offerSlots = at.has('offerSlots') ? at.textList('offerSlots', OFFER_SLOT_NAME, 'a slot name such as "after-totals"') : undefined;
  const channelSettings = at.object('channels');
  for (const channel of defaultChannels) {
    if (!Object.hasOwn(channelSettings, channel)) at.fail('defaultChannels', `"${channel}" has no entry in channels`);
  }

  const dataContract = await readDataContract(folder);
  const messages = await readCatalogs(folder, locales, defaultLocale);
  const channels = await readChannels(folder, new FieldReader(at.where, channelSettings, 'channels'), locales, options);
  const samples = await readSamples(folder);

  const content: TemplateContent = {
    kind,
    name,
    ...(description === undefined ? {} : { description }),
    locales,
    defaultLocale,
    defaultChannels,
    dataContract,
    channels,
    messages,
    ...(Object.keys(samples).length ? { samples } : {}),
    ...(offerSlots?.length ? { offerSlots } : {}),
  };
  return { key, content };
}

/**
 * Every template folder directly under `rootDir`, in key order (hidden folders
 * and `_`-folders such as `_blocks` are skipped), each carrying the built-in
 * blocks it includes as their version 1 and the built-in assets it (or one of
 * those blocks) inlines: what the platform imports with the templates on first start.
 */
export async function loadBuiltInTemplates(rootDir: string, options: TemplateFolderOptions): Promise<LoadedTemplate[]> {
  let entries;
  try {
    entries = await readdir(rootDir, { withFileTypes: true });
  } catch (error) {
    throw new TemplateFolderError(rootDir, `cannot be read as a templates folder (${reason(error)})`);
  }
  const folders = entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && !entry.name.startsWith('_'))
    .map((entry) => entry.name)
    .sort();
  const blocks = Object.fromEntries((await loadBuiltInBlocks(rootDir)).map((block) => [block.name, captureBlock(1, block.content)]));
  const assets = Object.fromEntries((await loadBuiltInAssets(rootDir)).map((asset) => [asset.name, captureAsset(asset.contentType, asset.bytes)]));
  const templates: LoadedTemplate[] = [];
  for (const folder of folders) {
    const dir = path.join(rootDir, folder);
    templates.push(withAssets(withBlocks(await loadTemplateFolder(dir, options), blocks, dir), assets, dir));
  }
  return templates;
}

function withAssets(loaded: LoadedTemplate, available: Readonly<Record<string, CapturedAsset>>, dir: string): LoadedTemplate {
  const inlined: Record<string, CapturedAsset> = {};
  for (const use of assetReferences(loaded.content)) {
    if (!Object.hasOwn(available, use.name)) {
      throw new TemplateFolderError(dir, `inlines {{asset "${use.name}"}} (${use.pointer}), which is not a file in ${BUILT_IN_ASSETS_FOLDER}/`);
    }
    inlined[use.name] = available[use.name];
  }
  if (Object.keys(inlined).length === 0) return loaded;
  return { key: loaded.key, content: { ...loaded.content, assets: inlined } };
}

function withBlocks(loaded: LoadedTemplate, available: Readonly<Record<string, CapturedBlock>>, dir: string): LoadedTemplate {
  const included: Record<string, CapturedBlock> = {};
  for (const part of partsOf(loaded.content)) {
    for (const use of blockUses(part.source)) {
      if (!Object.hasOwn(available, use.name)) {
        throw new TemplateFolderError(dir, `includes {{> ${use.name}}}, which is not a block in ${BUILT_IN_BLOCKS_FOLDER}/`);
      }
      included[use.name] = available[use.name];
    }
  }
  if (Object.keys(included).length === 0) return loaded;
  return { key: loaded.key, content: { ...loaded.content, blocks: included } };
}

async function readDataContract(folder: TemplateFolder): Promise<Json> {
  const file = 'data-contract.schema.json';
  const schema = await folder.json(file);
  const at = new FieldReader(folder.describe(file), schema);
  if (schema.type !== 'object') at.fail('type', 'must be "object": a data contract describes the document\'s `data` object');
  const properties = schema.properties;
  if (properties !== undefined && (typeof properties !== 'object' || properties === null || Array.isArray(properties))) {
    at.fail('properties', 'must be an object');
  }
  for (const reserved of RESERVED_CONTEXT_KEYS) {
    if (properties && Object.hasOwn(properties, reserved)) {
      at.fail(`properties.${reserved}`, 'is reserved for the merge context and cannot be a data field');
    }
  }
  return schema;
}

async function readSamples(folder: TemplateFolder): Promise<Record<string, SampleDocument>> {
  const samples: Record<string, SampleDocument> = {};
  for (const file of await folder.list('samples', '.json')) {
    const name = file.slice(0, -'.json'.length);
    const sample = await folder.json(`samples/${file}`);
    const at = new FieldReader(folder.describe(`samples/${file}`), sample);
    const extra = Object.keys(sample).filter((field) => !['locale', 'recipient', 'data'].includes(field));
    if (extra.length) at.fail(extra[0], 'is not a sample field (locale, recipient, data)');
    if (typeof sample.locale !== 'string' || !LOCALE.test(sample.locale)) at.fail('locale', 'must be a BCP 47 locale');
    at.object('recipient');
    at.object('data');
    samples[name] = sample as unknown as SampleDocument;
  }
  return samples;
}

async function readCatalogs(folder: TemplateFolder, locales: readonly string[], defaultLocale: string): Promise<TemplateContent['messages']> {
  const messages: Record<string, Record<string, string>> = {};
  for (const locale of locales) {
    const file = `messages/${locale}.json`;
    const catalog = await folder.json(file);
    const at = new FieldReader(folder.describe(file), catalog);
    for (const [key, message] of Object.entries(catalog)) {
      if (typeof message !== 'string') at.fail(key, 'must be an ICU message string');
    }
    messages[locale] = catalog as Record<string, string>;
  }
  // A key missing from one language would fail only the documents in that language, at send time.
  const expected = Object.keys(messages[defaultLocale]).sort();
  for (const locale of locales) {
    const actual = new Set(Object.keys(messages[locale]));
    const missing = expected.filter((key) => !actual.has(key));
    const extra = [...actual].filter((key) => !Object.hasOwn(messages[defaultLocale], key)).sort();
    if (missing.length > 0 || extra.length > 0) {
      const problems = [
        missing.length > 0 ? `lacks ${missing.map(quote).join(', ')}` : '',
        extra.length > 0 ? `has ${extra.map(quote).join(', ')} that messages/${defaultLocale}.json lacks` : '',
      ].filter(Boolean);
      throw new TemplateFolderError(folder.describe(`messages/${locale}.json`), problems.join('; '));
    }
  }
  return messages;
}

async function readChannels(folder: TemplateFolder, at: FieldReader, locales: readonly string[], options: TemplateFolderOptions): Promise<ChannelContents> {
  for (const channel of Object.keys(at.value)) {
    if (!isChannel(channel)) at.fail(channel, `"${channel}" is not a channel (email, pdf, sms, whatsapp)`);
  }
  const channels: { -readonly [C in keyof ChannelContents]: ChannelContents[C] } = {};
  if (at.has('email')) {
    const settings = at.nested('email');
    settings.onlyFields(CHANNEL_FIELDS.email);
    const lineBudget = settings.has('lineBudget') ? settings.integer('lineBudget') : undefined;
    if (lineBudget !== undefined && (lineBudget < EMAIL_LINE_BUDGET_MIN || lineBudget > EMAIL_LINE_BUDGET_MAX)) {
      settings.fail('lineBudget', `must be between ${EMAIL_LINE_BUDGET_MIN} and ${EMAIL_LINE_BUDGET_MAX}`);
    }
    const email: EmailContent = {
      subject: await folder.text('email.subject.hbs'),
      mjml: await folder.text('email.mjml'),
      text: await folder.text('email.text.hbs'),
      ...(lineBudget === undefined ? {} : { lineBudget }),
    };
    channels.email = email;
  }
  if (at.has('pdf')) {
    const pdf = at.nested('pdf');
    pdf.onlyFields(CHANNEL_FIELDS.pdf);
    const format = pdf.optionalText('format');
    if (format !== undefined && !(PDF_FORMATS as readonly string[]).includes(format)) {
      pdf.fail('format', `must be one of ${PDF_FORMATS.join(', ')}`);
    }
    const landscape = pdf.optionalBoolean('landscape');
    const content: PdfContent = {
      html: await folder.text('pdf.html'),
      ...(format === undefined ? {} : { format: format as PdfContent['format'] }),
      ...(landscape === undefined ? {} : { landscape }),
    };
    channels.pdf = content;
  }
  if (at.has('sms')) {
    const sms = at.nested('sms');
    sms.onlyFields(CHANNEL_FIELDS.sms);
    const maxSegments = sms.integer('maxSegments');
    if (maxSegments < 1) sms.fail('maxSegments', 'must be at least 1');
    const smartEncoding = sms.optionalBoolean('smartEncoding');
    const content: SmsContent = {
      text: await folder.text('sms.hbs'),
      sender: sms.text('sender'),
      maxSegments,
      ...(smartEncoding === undefined ? {} : { smartEncoding }),
    };
    channels.sms = content;
  }
  if (at.has('whatsapp')) channels.whatsapp = await readWhatsApp(folder, at.nested('whatsapp'), locales, options);
  return channels;
}

async function readWhatsApp(folder: TemplateFolder, at: FieldReader, locales: readonly string[], options: TemplateFolderOptions): Promise<WhatsAppContent> {
  at.onlyFields(CHANNEL_FIELDS.whatsapp);
  const category = at.text('category');
  if (!(WHATSAPP_CATEGORIES as readonly string[]).includes(category)) {
    at.fail('category', `must be one of ${WHATSAPP_CATEGORIES.join(', ')}`);
  }
  const parameters = at.object('parameters');
  for (const [name, expression] of Object.entries(parameters)) {
    if (typeof expression !== 'string') at.fail(`parameters.${name}`, 'must be a Handlebars expression string');
  }
  const buttons = at.list('buttons').map((button, index) => readButton(at.nestedItem('buttons', index, button), options));

  const texts: Record<string, WhatsAppLocaleContent> = {};
  for (const locale of locales) {
    const file = `whatsapp/${locale}.json`;
    const localeAt = new FieldReader(folder.describe(file), await folder.json(file));
    localeAt.onlyFields(WHATSAPP_LOCALE_FIELDS);
    const header = localeAt.optionalText('header');
    const footer = localeAt.optionalText('footer');
    const buttonLabels = localeAt.textList('buttonLabels');
    if (buttonLabels.length !== buttons.length) {
      localeAt.fail('buttonLabels', `has ${buttonLabels.length} labels for the ${buttons.length} buttons of template.json`);
    }
    texts[locale] = {
      ...(header === undefined ? {} : { header }),
      body: localeAt.text('body'),
      ...(footer === undefined ? {} : { footer }),
      buttonLabels,
    };
  }
  return {
    name: at.text('name'),
    category: category as WhatsAppContent['category'],
    parameters: parameters as Record<string, string>,
    locales: texts,
    buttons,
  };
}

function readButton(at: FieldReader, options: TemplateFolderOptions): WhatsAppButton {
  const type = at.text('type');
  switch (type) {
    case 'url': {
      at.onlyFields(['type', 'url', 'suffix']);
      const suffix = at.optionalText('suffix');
      const url = at.text('url');
      // Meta registers the whole URL; a path is the platform's own link, under its public URL.
      return { type, url: url.startsWith('/') ? `${options.publicUrl}${url}` : url, ...(suffix === undefined ? {} : { suffix }) };
    }
    case 'quick_reply':
      at.onlyFields(['type', 'payload']);
      return { type, payload: at.text('payload') };
    case 'phone_number':
      at.onlyFields(['type', 'phoneNumber']);
      return { type, phoneNumber: at.text('phoneNumber') };
    default:
      return at.fail('type', 'must be url, quick_reply or phone_number');
  }
}

function quote(key: string): string {
  return `"${key}"`;
}
