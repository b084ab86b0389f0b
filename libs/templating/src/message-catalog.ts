import { IntlMessageFormat } from 'intl-messageformat';
import { argumentNames, compileFastPath, type MessageBinding, MessageValueProblem, NOT_PASSED } from './icu-fast-path';
import { escapeHtml, TrustedHtml } from './merge/trusted-html';
import { DomainError } from '@app/kernel';
import type { TemplateContent } from '@app/contracts';

export type MessageValue = string | number | boolean;

type Values = Readonly<Record<string, MessageValue>>;
type Formatter = (values: Values) => string;
/** Formats a message for arguments passed by position (see `MessageBinding`). */
export type BoundFormatter = (args: readonly unknown[]) => string;

/**
 * Marks where trusted markup (a data URI, a nested message) goes when
 * intl-messageformat formats an HTML message, so the message can be escaped as
 * a whole and the markup put back afterwards. Private-use code points pass
 * through HTML escaping unchanged and never occur in real text.
 */
const SLOT_OPEN = '\uE000';
const SLOT_CLOSE = '\uE001';
const SLOT = /\uE000(\d+)\uE001/g;

/**
 * The ICU MessageFormat messages of one language of a template version. Compiled
 * messages are cached per locale tag on the catalog, so a catalog kept with its
 * version parses each message once however many documents it renders.
 */
export class MessageCatalog {
  /** Per locale tag, then per key: looked up level by level, so no joined key is built per call. */
  private readonly formatters = new Map<string, Map<string, Formatter>>();
  private readonly compiledMessages = new Map<string, Map<string, IntlMessageFormat>>();
  /** Formatters bound for callers that pass arguments by name at run time (`{{t}}` with a computed key). */
  private readonly bindings = new Map<string, BoundFormatter>();
  private readonly labels = new Map<string, Map<string, string>>();

  constructor(
    readonly language: string,
    private readonly messages: Readonly<Record<string, string>>,
  ) {}

  /**
   * The catalog a version merges with: its own messages, overlaid by the
   * messages of the locked blocks it carries, so a block's wording cannot be
   * changed from a template's catalog.
   */
  static fromContent(content: Pick<TemplateContent, 'messages' | 'blocks'>, language: string): MessageCatalog {
    const own = content.messages[language] ?? {};
    const blocks = Object.keys(content.blocks ?? {})
      .sort()
      .map((name) => content.blocks![name].messages[language] ?? {});
    return new MessageCatalog(language, blocks.length ? Object.assign({}, own, ...blocks) : own);
  }

  keys(): string[] {
    return Object.keys(this.messages).sort();
  }

  has(key: string): boolean {
    return Object.hasOwn(this.messages, key);
  }

  /**
   * Formats `key` with plural, select and number rules of `locale` (a full tag
   * such as `ar-SA`, whose digits may differ from the bare language's).
   */
  format(key: string, values: Values = {}, locale: string = this.language): string {
    // Most messages of a template are labels without arguments: format each once per locale.
    let noArguments = true;
    for (const _ in values) {
      noArguments = false;
      break;
    }
    if (!noArguments) return this.formatter(key, locale)(values);
    const labels = perLocale(this.labels, locale);
    let text = labels.get(key);
    if (text === undefined) {
      text = this.formatter(key, locale)(values);
      labels.set(key, text);
    }
    return text;
  }

  /** Keys this catalog has and `other` lacks, e.g. untranslated messages. */
  missingKeys(other: MessageCatalog): string[] {
    return this.keys().filter((key) => !other.has(key));
  }

  /** Messages whose ICU syntax does not parse, for linting a version before it is submitted. */
  syntaxErrors(): Array<{ key: string; message: string }> {
    const errors: Array<{ key: string; message: string }> = [];
    for (const key of this.keys()) {
      try {
        this.compile(key, this.language);
      } catch (error) {
        errors.push({ key, message: reason(error) });
      }
    }
    return errors;
  }

  /**
   * A formatter of `key` for arguments passed by position, in the order of
   * `binding.names`, producing HTML or text. A call site binds once (per
   * catalog and locale) and formats every document with it.
   */
  bind(key: string, locale: string, binding: MessageBinding): BoundFormatter {
    const message = this.compile(key, locale);
    const fail = (error: unknown) => new DomainError('template_invalid', `Message "${key}" (${this.language}) cannot be formatted: ${reason(error)}`);
    const html = binding.markup === 'html';
    const slow: BoundFormatter = (args) => {
      const fragments: string[] = [];
      const values: Record<string, MessageValue> = {};
      binding.names.forEach((name, index) => {
        const value = args[index];
        if (value === NOT_PASSED) return;
        if (value instanceof TrustedHtml) {
          values[name] = html ? `${SLOT_OPEN}${fragments.push(value.html) - 1}${SLOT_CLOSE}` : value.html;
        } else {
          values[name] = value as MessageValue;
        }
      });
      let text: string;
      try {
        const output = message.format<string>(values);
        text = Array.isArray(output) ? output.join('') : String(output);
      } catch (error) {
        throw fail(error);
      }
      if (!html) return text;
      const escaped = escapeHtml(text);
      return fragments.length === 0 ? escaped : escaped.replace(SLOT, (slot, index: string) => fragments[Number(index)] ?? slot);
    };
    const fast = compileFastPath(message.getAst(), locale, this.messages[key], binding);
    if (!fast) return slow;
    return (args) => {
      try {
        return fast(args) ?? slow(args);
      } catch (error) {
        throw error instanceof MessageValueProblem ? fail(error) : error;
      }
    };
  }

  /** `bind`, remembered by its key, locale and binding, for callers that cannot keep the formatter themselves. */
  bound(key: string, locale: string, binding: MessageBinding): BoundFormatter {
    const signature = `${binding.markup}\u0000${locale}\u0000${key}\u0000${binding.names.join('\u0000')}`;
    let formatter = this.bindings.get(signature);
    if (!formatter) {
      formatter = this.bind(key, locale, binding);
      // Bounded: keys and argument names can come from data when a template computes its key.
      if (this.bindings.size >= 1_000) this.bindings.clear();
      this.bindings.set(signature, formatter);
    }
    return formatter;
  }

  private formatter(key: string, locale: string): Formatter {
    const byKey = perLocale(this.formatters, locale);
    let formatter = byKey.get(key);
    if (!formatter) {
      const names = argumentNames(this.compile(key, locale).getAst());
      const bound = this.bind(key, locale, { names, markup: 'text' });
      formatter = (values) => bound(names.map((name) => (name in values ? values[name] : NOT_PASSED)));
      byKey.set(key, formatter);
    }
    return formatter;
  }

  private compile(key: string, locale: string): IntlMessageFormat {
    const byKey = perLocale(this.compiledMessages, locale);
    let message = byKey.get(key);
    if (message) return message;
    if (!this.has(key)) {
      throw new DomainError('template_invalid', `Message "${key}" is not in the "${this.language}" catalog`);
    }
    try {
      // Tags stay literal text: escaping for HTML is the merge engine's job, not ICU's.
      message = new IntlMessageFormat(this.messages[key], locale, undefined, { ignoreTag: true });
    } catch (error) {
      throw new DomainError('template_invalid', `Message "${key}" (${this.language}) is not valid ICU MessageFormat: ${reason(error)}`);
    }
    byKey.set(key, message);
    return message;
  }
}

/** Locale tags a catalog keeps formatted messages for: documents choose their tags, so the number is bounded. */
const MAX_LOCALES = 64;

function perLocale<V>(maps: Map<string, Map<string, V>>, locale: string): Map<string, V> {
  let byKey = maps.get(locale);
  if (!byKey) {
    if (maps.size >= MAX_LOCALES) maps.clear();
    byKey = new Map();
    maps.set(locale, byKey);
  }
  return byKey;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
