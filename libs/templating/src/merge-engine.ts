import Handlebars from 'handlebars';
import { DomainError } from '@app/kernel';
import type { Channel } from '@app/rendering';
import type { InlineAssets } from './assets/asset-reference';
import { inlineBlocks } from './blocks/locked-blocks';
import { BLOCK_HELPERS, registerHelpers, VALUE_HELPERS } from './helpers/register-helpers';
import { Markup, MergeRuntime, RUNTIME_DATA_KEY } from './helpers/merge-runtime';
import type { MergeContext } from './merge-context';
import type { MessageCatalog } from './message-catalog';
import { guardTemplate, parseTemplate, PathIndex, siteKey } from './template-source.guard';

/** `html` for email bodies and PDF (data is escaped), `none` for subjects, text parts, SMS and WhatsApp. */
export type EscapeMode = 'html' | 'none';

export interface MergeCompileOptions {
  readonly escape: EscapeMode;
  /**
   * Locked block sources by name (the version's `content.blocks`, in the format
   * of this source): each `{{> name}}` is replaced by its block before the
   * source is checked and compiled. No other partial is ever available.
   */
  readonly partials?: Readonly<Record<string, string>>;
}

/** What a merge needs beside the context: the messages of the document's language and the target channel. */
export interface MergeEnv {
  readonly catalog: MessageCatalog;
  readonly channel: Channel;
  /**
   * Data URIs of the version's captured assets by name, for `{{asset "name"}}`.
   * Resolved before the merge because the merge is synchronous and the bytes
   * live in the asset store.
   */
  readonly assets?: InlineAssets;
}

export type MergeTemplate = (context: MergeContext, env: MergeEnv) => string;

const KNOWN_HELPERS: Record<string, boolean> = {
  ...Object.fromEntries([...Object.keys(VALUE_HELPERS), ...BLOCK_HELPERS].map((name) => [name, true])),
  lookup: false,
  log: false,
};

const RUNTIME_OPTIONS = {
  allowProtoPropertiesByDefault: false,
  allowProtoMethodsByDefault: false,
  allowCallsToHelperMissing: false,
} as const;

/**
 * Compiles template sources and merges documents into them. Owns a private
 * Handlebars instance so nothing registered elsewhere in the process (helpers,
 * partials) can change what a template does.
 *
 * Templates compile in strict mode: a value the template prints but the
 * context lacks fails the merge (`validation_failed`, naming the field) instead
 * of printing nothing. Handlebars applies that strictness to what is printed,
 * not to helper arguments, and it reads only the last segment of an argument
 * leniently:
 *
 * - `{{#if invoice.period}}` with `period` absent is simply false;
 * - `{{#if invoice.period.start}}` with `period` absent fails, because it has
 *   to read `start` from nothing. Guard each optional object with its own
 *   `{{#if invoice.period}}` (or `{{#with invoice.period}}`) first.
 *
 * The formatting helpers (`money`, `date`, `number`, `bdi`, `t` arguments)
 * restore strictness for their own arguments: an absent value is an error.
 */
export class MergeEngine {
  private readonly handlebars = Handlebars.create();

  constructor() {
    registerHelpers(this.handlebars);
  }

  compile(template: string, options: MergeCompileOptions): MergeTemplate {
    const source = options.partials ? inlineBlocks(template, options.partials) : template;
    const sites = guardTemplate(parseTemplate(this.handlebars, source), options.escape);
    const compileOptions = {
      strict: true,
      knownHelpers: KNOWN_HELPERS,
      knownHelpersOnly: true,
      noEscape: options.escape === 'none',
      // Gives helpers the path of each argument, so a bad value is reported against its field.
      trackIds: true,
    };
    try {
      // Handlebars compiles lazily on first merge; precompiling surfaces every
      // compile error now, while an author is still looking at the template.
      this.handlebars.precompile(source, compileOptions);
    } catch (error) {
      throw new DomainError('template_invalid', `Template cannot be compiled: ${messageOf(error)}`);
    }
    const render = this.handlebars.compile<MergeContext>(source, compileOptions);
    const markup: Markup = options.escape === 'html' ? 'html' : 'text';
    return (context, env) => {
      const runtime: MergeRuntime = { catalog: env.catalog, channel: env.channel, markup, assets: env.assets };
      try {
        return render(context, { ...RUNTIME_OPTIONS, data: { [RUNTIME_DATA_KEY]: runtime } });
      } catch (error) {
        throw mergeFailure(error, sites);
      }
    };
  }
}

/** Turns what Handlebars throws during a merge into a domain error that names the field or the template fault. */
function mergeFailure(error: unknown, sites: PathIndex): DomainError {
  if (error instanceof DomainError) return error;
  const { lineNumber, column } = error as { lineNumber?: unknown; column?: unknown };
  const message = messageOf(error);
  if (/ not defined in /.test(message) && typeof lineNumber === 'number' && typeof column === 'number') {
    const site = sites.get(siteKey(lineNumber, column));
    const field = site?.display ?? message.split('"')[1];
    const problem = `is missing: the template prints "${field}" (line ${lineNumber}, column ${column + 1})`;
    const pointer = site?.pointer ?? '/data';
    return new DomainError('validation_failed', `${pointer} ${problem}`, [{ pointer, message: problem }]);
  }
  if (error instanceof TypeError && /Cannot read properties of (undefined|null)/.test(message)) {
    const field = /\(reading '([^']*)'\)/.exec(message)?.[1] ?? '';
    const problem = `a helper argument reads "${field}" from a missing object; guard optional objects with {{#if}}`;
    return new DomainError('validation_failed', problem, [{ pointer: '/data', message: problem }]);
  }
  return new DomainError('template_invalid', `Template failed while merging: ${message}`);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
