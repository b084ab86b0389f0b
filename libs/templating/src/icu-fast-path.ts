import { type MessageFormatElement, TYPE } from '@formatjs/icu-messageformat-parser';
import { numberFormat } from './helpers/intl-format.cache';

export type MessageValues = Readonly<Record<string, string | number | boolean>>;
/** Appends a message's text for `values`; `plural` is the number `#` stands for inside a plural branch. */
type Part = (values: MessageValues, plural: number | undefined) => string;

/** Why a value cannot be formatted, worded as intl-messageformat words it. */
export class MessageValueProblem extends Error {}

const pluralRules = new Map<string, Intl.PluralRules>();

/**
 * Formats the messages templates mostly use — text, `{name}` and `{rate, number, ::percent}`
 * arguments, `select`, and `plural` over a number with `#` — without intl-messageformat's
 * per-call machinery (it memoises formatters by serialising their arguments on
 * every call), following its rules exactly. Anything else (named number
 * styles, date and time arguments, a plural over a non-number) returns undefined from
 * `compileFastPath` or falls back at format time, and intl-messageformat formats it.
 */
export function compileFastPath(elements: readonly MessageFormatElement[], locale: string, source: string): ((values: MessageValues) => string | undefined) | undefined {
  const part = sequence(elements, locale, source);
  if (!part) return undefined;
  return (values) => {
    try {
      return part(values, undefined);
    } catch (error) {
      if (error instanceof FallBack) return undefined;
      throw error;
    }
  };
}

/** Thrown inside a fast path that meets a value only intl-messageformat knows how to treat. */
class FallBack extends Error {}

function sequence(elements: readonly MessageFormatElement[], locale: string, source: string): Part | undefined {
  const parts: Part[] = [];
  for (const element of elements) {
    const part = single(element, locale, source);
    if (!part) return undefined;
    parts.push(part);
  }
  return (values, plural) => {
    let text = '';
    for (const part of parts) text += part(values, plural);
    return text;
  };
}

function single(element: MessageFormatElement, locale: string, source: string): Part | undefined {
  switch (element.type) {
    case TYPE.literal: {
      const text = element.value;
      return () => text;
    }
    case TYPE.argument: {
      const name = element.value;
      return (values) => {
        const value = argument(values, name, source);
        // As intl-messageformat prints a plain argument: `false` as nothing, everything else as written.
        return value === false ? '' : String(value);
      };
    }
    case TYPE.number: {
      const name = element.value;
      // A default number or a skeleton (`::percent .###`); named styles and scaled skeletons stay with intl-messageformat.
      const style = element.style;
      if (typeof style === 'string' || (style && style.parsedOptions.scale)) return undefined;
      const options = style ? style.parsedOptions : {};
      const settings = `icu:${JSON.stringify(options)}`;
      return (values) => numberFormat(locale, settings, () => options).format(argument(values, name, source) as number);
    }
    case TYPE.pound:
      return (_values, plural) => (plural === undefined ? '' : numberFormat(locale, 'number', () => ({})).format(plural));
    case TYPE.select: {
      const name = element.value;
      const options = branches(element.options, locale, source);
      if (!options) return undefined;
      return (values, plural) => {
        const value = argument(values, name, source);
        const branch = options.get(String(value)) ?? options.get('other');
        if (!branch) throw new FallBack();
        return branch(values, plural);
      };
    }
    case TYPE.plural: {
      const name = element.value;
      const offset = element.offset || 0;
      const options = branches(element.options, locale, source);
      if (!options) return undefined;
      const rules = pluralRulesFor(locale, element.pluralType ?? 'cardinal');
      return (values) => {
        const value = argument(values, name, source);
        if (typeof value !== 'number') throw new FallBack();
        const branch = options.get(`=${value}`) ?? options.get(rules.select(value - offset)) ?? options.get('other');
        if (!branch) throw new FallBack();
        return branch(values, value - offset);
      };
    }
    default:
      return undefined;
  }
}

function branches(options: Record<string, { value: MessageFormatElement[] }>, locale: string, source: string): Map<string, Part> | undefined {
  const compiled = new Map<string, Part>();
  for (const [key, option] of Object.entries(options)) {
    const part = sequence(option.value, locale, source);
    if (!part) return undefined;
    compiled.set(key, part);
  }
  return compiled;
}

function argument(values: MessageValues, name: string, source: string): string | number | boolean {
  if (!(name in values)) throw new MessageValueProblem(`The intl string context variable "${name}" was not provided to the string "${source}"`);
  return values[name];
}

function pluralRulesFor(locale: string, type: Intl.PluralRuleType): Intl.PluralRules {
  const key = `${locale}|${type}`;
  let rules = pluralRules.get(key);
  if (!rules) {
    rules = new Intl.PluralRules(locale, { type });
    // Bounded like the other formatter caches: locales arrive from documents.
    if (pluralRules.size >= 512) pluralRules.clear();
    pluralRules.set(key, rules);
  }
  return rules;
}
