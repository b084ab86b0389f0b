import { IntlMessageFormat } from 'intl-messageformat';
import { compileFastPath, MessageValueProblem } from './icu-fast-path';
import { DomainError } from '@app/kernel';
import type { TemplateContent } from './template-content';

export type MessageValue = string | number | boolean;

type Values = Readonly<Record<string, MessageValue>>;
type Formatter = (values: Values) => string;

/**
 * The ICU MessageFormat messages of one language of a template version. Compiled
 * messages are cached per locale tag on the catalog, so a catalog kept with its
 * version parses each message once however many documents it renders.
 */
export class MessageCatalog {
  /** Per locale tag, then per key: looked up level by level, so no joined key is built per call. */
  private readonly formatters = new Map<string, Map<string, Formatter>>();
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
    let labels = this.labels.get(locale);
    if (!labels) {
      labels = new Map();
      this.labels.set(locale, labels);
    }
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

  private formatter(key: string, locale: string): Formatter {
    let byKey = this.formatters.get(locale);
    if (!byKey) {
      byKey = new Map();
      this.formatters.set(locale, byKey);
    }
    let formatter = byKey.get(key);
    if (!formatter) {
      formatter = this.compileFormatter(key, locale, this.compile(key, locale));
      byKey.set(key, formatter);
    }
    return formatter;
  }

  /**
   * A message of text and plain `{name}` arguments only (greetings, titles,
   * labels with a value) is joined directly, as ICU would join it; plural,
   * select and number arguments go through intl-messageformat.
   */
  private compileFormatter(key: string, locale: string, message: IntlMessageFormat): Formatter {
    const fail = (error: unknown) => new DomainError('template_invalid', `Message "${key}" (${this.language}) cannot be formatted: ${reason(error)}`);
    const slow: Formatter = (values) => {
      try {
        const output = message.format<string>(values);
        return Array.isArray(output) ? output.join('') : String(output);
      } catch (error) {
        throw fail(error);
      }
    };
    const fast = compileFastPath(message.getAst(), locale, this.messages[key]);
    if (!fast) return slow;
    return (values) => {
      try {
        return fast(values) ?? slow(values);
      } catch (error) {
        throw error instanceof MessageValueProblem ? fail(error) : error;
      }
    };
  }

  private compile(key: string, locale: string): IntlMessageFormat {
    if (!this.has(key)) {
      throw new DomainError('template_invalid', `Message "${key}" is not in the "${this.language}" catalog`);
    }
    try {
      // Tags stay literal text: escaping for HTML is the merge engine's job, not ICU's.
      return new IntlMessageFormat(this.messages[key], locale, undefined, { ignoreTag: true });
    } catch (error) {
      throw new DomainError('template_invalid', `Message "${key}" (${this.language}) is not valid ICU MessageFormat: ${reason(error)}`);
    }
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
