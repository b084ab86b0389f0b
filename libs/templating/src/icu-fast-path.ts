import { type MessageFormatElement, TYPE } from '@formatjs/icu-messageformat-parser';
import { numberFormat } from './helpers/intl-format.cache';
import { escapeHtml, TrustedHtml } from './merge/trusted-html';

/**
 * How a caller passes a message's arguments: by position, in the order of
 * `names`, and whether the text is for HTML (literal text and plain arguments
 * escaped, trusted markup such as a nested message kept as it is) or plain.
 */
export interface MessageBinding {
  readonly names: readonly string[];
  readonly markup: 'html' | 'text';
}

/** Formats a message for positional arguments; undefined where intl-messageformat has to (see `FallBack`). */
export type BoundMessage = (args: readonly unknown[]) => string | undefined;

/** Stands for an argument a caller binding by name did not pass at all (as opposed to passing `undefined`). */
export const NOT_PASSED: unique symbol = Symbol('not passed');

/** Why a value cannot be formatted, worded as intl-messageformat words it. */
export class MessageValueProblem extends Error {}

/** Appends a message's text for `args`; `plural` is the number `#` stands for inside a plural branch. */
type Part = (args: readonly unknown[], plural: number | undefined) => string;

interface Compilation {
  readonly locale: string;
  readonly source: string;
  readonly html: boolean;
  /** Position of each argument name in the caller's arguments, -1 where the caller passes none. */
  readonly position: (name: string) => number;
}

const pluralRules = new Map<string, Intl.PluralRules>();

/**
 * Formats the messages templates mostly use — text, `{name}` and `{rate,
 * number, ::percent}` arguments, `select`, and `plural` over a number with `#`
 * — without intl-messageformat's per-call machinery (it memoises formatters by
 * serialising their arguments on every call), following its rules exactly.
 * The arguments are bound by position when the message is compiled for a call
 * site, so formatting reads no object by name. Anything else (named number
 * styles, date and time arguments, a plural over a non-number, markup where a
 * number is expected) returns undefined from `compileFastPath` or at format
 * time, and intl-messageformat formats it.
 */
export function compileFastPath(elements: readonly MessageFormatElement[], locale: string, source: string, binding: MessageBinding): BoundMessage | undefined {
  const part = sequence(elements, {
    locale,
    source,
    html: binding.markup === 'html',
    position: (name) => binding.names.indexOf(name),
  });
  if (!part) return undefined;
  return (args) => {
    try {
      return part(args, undefined);
    } catch (error) {
      if (error instanceof FallBack) return undefined;
      throw error;
    }
  };
}

/** Every argument name a message reads, in the order it first reads them. */
export function argumentNames(elements: readonly MessageFormatElement[], names: string[] = []): string[] {
  for (const element of elements) {
    if (element.type === TYPE.literal || element.type === TYPE.pound || element.type === TYPE.tag) continue;
    if (!names.includes(element.value)) names.push(element.value);
    if (element.type === TYPE.select || element.type === TYPE.plural) {
      for (const option of Object.values(element.options)) argumentNames(option.value, names);
    }
  }
  return names;
}

/** Thrown inside a fast path that meets a value only intl-messageformat knows how to treat. */
class FallBack extends Error {}

function sequence(elements: readonly MessageFormatElement[], compilation: Compilation): Part | undefined {
  const parts: Part[] = [];
  for (const element of elements) {
    const part = single(element, compilation);
    if (!part) return undefined;
    parts.push(part);
  }
  if (parts.length === 1) return parts[0];
  return (args, plural) => {
    let text = '';
    for (const part of parts) text += part(args, plural);
    return text;
  };
}

function single(element: MessageFormatElement, compilation: Compilation): Part | undefined {
  const { locale, html } = compilation;
  switch (element.type) {
    case TYPE.literal: {
      const text = html ? escapeHtml(element.value) : element.value;
      return () => text;
    }
    case TYPE.argument: {
      const read = reader(element.value, compilation);
      return (args) => {
        const value = read(args);
        if (value instanceof TrustedHtml) return value.html;
        // As intl-messageformat prints a plain argument: false, null and undefined as nothing, everything else as written.
        const text = value === false || value === null || value === undefined ? '' : String(value);
        return html ? escapeHtml(text) : text;
      };
    }
    case TYPE.number: {
      // A default number or a skeleton (`::percent .###`); named styles and scaled skeletons stay with intl-messageformat.
      const style = element.style;
      if (typeof style === 'string' || (style && style.parsedOptions.scale)) return undefined;
      const read = reader(element.value, compilation);
      const options = style ? style.parsedOptions : {};
      const settings = `icu:${JSON.stringify(options)}`;
      return (args) => {
        const value = read(args);
        if (value instanceof TrustedHtml) throw new FallBack();
        const text = numberFormat(locale, settings, () => options).format(value as number);
        return html ? escapeHtml(text) : text;
      };
    }
    case TYPE.pound:
      return (_args, plural) => {
        if (plural === undefined) return '';
        const text = numberFormat(locale, 'number', () => ({})).format(plural);
        return html ? escapeHtml(text) : text;
      };
    case TYPE.select: {
      const read = reader(element.value, compilation);
      const options = branches(element.options, compilation);
      if (!options) return undefined;
      return (args, plural) => {
        const value = read(args);
        if (value instanceof TrustedHtml) throw new FallBack();
        const branch = options.get(String(value)) ?? options.get('other');
        if (!branch) throw new FallBack();
        return branch(args, plural);
      };
    }
    case TYPE.plural: {
      const read = reader(element.value, compilation);
      const offset = element.offset || 0;
      const options = branches(element.options, compilation);
      if (!options) return undefined;
      const rules = pluralRulesFor(locale, element.pluralType ?? 'cardinal');
      return (args) => {
        const value = read(args);
        if (typeof value !== 'number') throw new FallBack();
        const branch = options.get(`=${value}`) ?? options.get(rules.select(value - offset)) ?? options.get('other');
        if (!branch) throw new FallBack();
        return branch(args, value - offset);
      };
    }
    default:
      return undefined;
  }
}

/** Reads an argument by its position; a name the caller does not pass fails as intl-messageformat fails. */
function reader(name: string, { position, source }: Compilation): (args: readonly unknown[]) => unknown {
  const index = position(name);
  const problem = `The intl string context variable "${name}" was not provided to the string "${source}"`;
  return (args) => {
    const value = index < 0 ? NOT_PASSED : args[index];
    if (value === NOT_PASSED) throw new MessageValueProblem(problem);
    return value;
  };
}

function branches(options: Record<string, { value: MessageFormatElement[] }>, compilation: Compilation): Map<string, Part> | undefined {
  const compiled = new Map<string, Part>();
  for (const [key, option] of Object.entries(options)) {
    const part = sequence(option.value, compilation);
    if (!part) return undefined;
    compiled.set(key, part);
  }
  return compiled;
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
