import { IntlMessageFormat } from 'intl-messageformat';
import { DomainError } from '@app/kernel';
import type { TemplateContent } from './template-content';

export type MessageValue = string | number | boolean;

/**
 * The ICU MessageFormat messages of one language of a template version. Compiled
 * messages are cached per locale tag on the catalog, so a catalog kept with its
 * version parses each message once however many documents it renders.
 */
export class MessageCatalog {
  private readonly compiled = new Map<string, IntlMessageFormat>();
  private readonly labels = new Map<string, string>();

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
  format(key: string, values: Readonly<Record<string, MessageValue>> = {}, locale: string = this.language): string {
    // Most messages of a template are labels without arguments: format each once per locale.
    let noArguments = true;
    for (const _ in values) {
      noArguments = false;
      break;
    }
    if (noArguments) {
      const memoKey = `${locale}\u0000${key}`;
      let text = this.labels.get(memoKey);
      if (text === undefined) {
        text = this.formatCompiled(key, values, locale);
        this.labels.set(memoKey, text);
      }
      return text;
    }
    return this.formatCompiled(key, values, locale);
  }

  private formatCompiled(key: string, values: Readonly<Record<string, MessageValue>>, locale: string): string {
    const message = this.compile(key, locale);
    try {
      const output = message.format<string>(values);
      return Array.isArray(output) ? output.join('') : String(output);
    } catch (error) {
      throw new DomainError('template_invalid', `Message "${key}" (${this.language}) cannot be formatted: ${reason(error)}`);
    }
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

  private compile(key: string, locale: string): IntlMessageFormat {
    const cacheKey = `${locale}\u0000${key}`;
    const cached = this.compiled.get(cacheKey);
    if (cached) return cached;
    if (!this.has(key)) {
      throw new DomainError('template_invalid', `Message "${key}" is not in the "${this.language}" catalog`);
    }
    let message: IntlMessageFormat;
    try {
      // Tags stay literal text: escaping for HTML is the merge engine's job, not ICU's.
      message = new IntlMessageFormat(this.messages[key], locale, undefined, { ignoreTag: true });
    } catch (error) {
      throw new DomainError('template_invalid', `Message "${key}" (${this.language}) is not valid ICU MessageFormat: ${reason(error)}`);
    }
    this.compiled.set(cacheKey, message);
    return message;
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
