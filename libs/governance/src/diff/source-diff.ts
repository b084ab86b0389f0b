import { canonicalJson, type Channel, type TemplateContent } from '@app/contracts';
import { pointerSegment } from '../lint/lint-finding';
import { unifiedDiff } from './line-diff';

/** One field of a version as text, so two versions compare line by line. */
export interface SourceField {
  /** JSON pointer into the version content. */
  readonly pointer: string;
  readonly channel?: Channel;
  readonly locale?: string;
  /** The locked block the field belongs to. */
  readonly block?: string;
  readonly text: string;
}

/** How one field changed between two versions, as `diff -u` text. */
export interface SourceChange {
  readonly pointer: string;
  readonly channel?: Channel;
  readonly locale?: string;
  readonly block?: string;
  readonly change: 'added' | 'removed' | 'changed';
  readonly diff: string;
}

/**
 * The source diff of two versions: every field that differs, per channel and
 * per locale — email subject, MJML and text, PDF HTML, SMS text, the WhatsApp
 * definition and its texts per locale, the catalogs key by key, the data
 * contract, the samples, and the locked blocks and assets each version captured.
 */
export function sourceDiff(a: TemplateContent, b: TemplateContent): SourceChange[] {
  const before = new Map(sourceFields(a).map((field) => [field.pointer, field]));
  const after = new Map(sourceFields(b).map((field) => [field.pointer, field]));
  const pointers = [...before.keys(), ...[...after.keys()].filter((pointer) => !before.has(pointer))];
  const changes: SourceChange[] = [];
  for (const pointer of pointers) {
    const old = before.get(pointer);
    const now = after.get(pointer);
    const diff = unifiedDiff(old?.text ?? '', now?.text ?? '', pointer, { a: old ? undefined : '/dev/null', b: now ? undefined : '/dev/null' });
    if (!diff && old && now) continue;
    const { channel, locale, block } = (now ?? old)!;
    changes.push({
      pointer,
      ...(channel ? { channel } : {}),
      ...(locale ? { locale } : {}),
      ...(block ? { block } : {}),
      change: !old ? 'added' : !now ? 'removed' : 'changed',
      diff,
    });
  }
  return changes;
}

export function sourceFields(content: TemplateContent): SourceField[] {
  const fields: SourceField[] = [];
  const add = (pointer: string, text: string, at: Omit<SourceField, 'pointer' | 'text'> = {}) => fields.push({ pointer, text, ...at });
  add('/name', content.name);
  add('/description', content.description ?? '');
  add('/locales', `${content.locales.join('\n')}\n\ndefault: ${content.defaultLocale}\nchannels: ${content.defaultChannels.join(', ')}`);
  const { email, pdf, sms, whatsapp } = content.channels;
  if (email) {
    add('/channels/email/subject', email.subject, { channel: 'email' });
    add('/channels/email/mjml', email.mjml, { channel: 'email' });
    add('/channels/email/text', email.text, { channel: 'email' });
  }
  if (pdf) {
    add('/channels/pdf/html', pdf.html, { channel: 'pdf' });
    add('/channels/pdf/settings', settings({ format: pdf.format, landscape: pdf.landscape }), { channel: 'pdf' });
  }
  if (sms) {
    add('/channels/sms/text', sms.text, { channel: 'sms' });
    add('/channels/sms/settings', settings({ sender: sms.sender, maxSegments: sms.maxSegments, smartEncoding: sms.smartEncoding }), { channel: 'sms' });
  }
  if (whatsapp) {
    add('/channels/whatsapp/definition', settings({ name: whatsapp.name, category: whatsapp.category }), { channel: 'whatsapp' });
    add('/channels/whatsapp/parameters', keyed(whatsapp.parameters), { channel: 'whatsapp' });
    add('/channels/whatsapp/buttons', whatsapp.buttons.map((button) => canonicalJson(button)).join('\n'), { channel: 'whatsapp' });
    for (const [locale, texts] of Object.entries(whatsapp.locales)) {
      const parts = [
        texts.header !== undefined ? `[header]\n${texts.header}` : '',
        `[body]\n${texts.body}`,
        texts.footer !== undefined ? `[footer]\n${texts.footer}` : '',
        texts.buttonLabels.length ? `[buttons]\n${texts.buttonLabels.join('\n')}` : '',
      ];
      add(`/channels/whatsapp/locales/${pointerSegment(locale)}`, parts.filter(Boolean).join('\n'), { channel: 'whatsapp', locale });
    }
  }
  for (const [locale, catalog] of Object.entries(content.messages)) {
    add(`/messages/${pointerSegment(locale)}`, keyed(catalog), { locale });
  }
  add('/dataContract', pretty(content.dataContract));
  for (const [name, sample] of Object.entries(content.samples ?? {})) add(`/samples/${pointerSegment(name)}`, pretty(sample));
  for (const [name, block] of Object.entries(content.blocks ?? {})) {
    const at = `/blocks/${pointerSegment(name)}`;
    add(`${at}/version`, `version ${block.version}\ncontent hash ${block.contentHash}`, { block: name });
    for (const [format, source] of Object.entries(block.sources)) add(`${at}/sources/${format}`, source ?? '', { block: name });
    for (const [locale, catalog] of Object.entries(block.messages)) add(`${at}/messages/${pointerSegment(locale)}`, keyed(catalog), { block: name, locale });
  }
  // A new upload of a logo changes no source text: the hash line is how a reviewer sees it.
  for (const [name, asset] of Object.entries(content.assets ?? {})) {
    add(`/assets/${pointerSegment(name)}`, settings({ sha256: asset.sha256, contentType: asset.contentType, size: asset.size }));
  }
  return fields;
}

/** One `key = value` line per entry, sorted by key: catalogs compare message by message. */
function keyed(entries: Readonly<Record<string, string>>): string {
  return Object.keys(entries)
    .sort()
    .map((key) => `${key} = ${entries[key].replace(/\n/g, '\\n')}`)
    .join('\n');
}

function settings(values: Record<string, unknown>): string {
  return Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join('\n');
}

/** Keys sorted at every level, so key order alone never shows as a change. */
function pretty(value: unknown): string {
  return JSON.stringify(JSON.parse(canonicalJson(value)), null, 2);
}
