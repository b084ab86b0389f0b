import Handlebars from 'handlebars';
import { DomainError } from '@app/kernel';
import type { Channel, InlineAssets } from '@app/contracts';
import { inlineBlocks } from './blocks/locked-blocks';
import type { Markup, MergeRuntime } from './helpers/merge-runtime';
import { compileProgram } from './merge/merge-program';
import { MergeOutput } from './merge/merge-output';
import { Scope } from './merge/merge-scope';
import { type RuntimeIdentity, runtimeIdentity } from './merge/runtime-identity';
import type { MergeContext } from './merge-context';
import type { MessageCatalog } from './message-catalog';
import { guardTemplate, parseTemplate } from './template-source.guard';

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

/**
 * A compiled template: called, it merges a document into text; `bytes` merges
 * it into UTF-8 directly, copying the template's own text from bytes encoded
 * once instead of encoding the whole message again (an email body is tens of
 * kilobytes, nearly all of it the template's markup).
 */
export interface MergeTemplate {
  (context: MergeContext, env: MergeEnv): string;
  bytes(context: MergeContext, env: MergeEnv): Buffer;
}

/**
 * Compiles template sources and merges documents into them. Handlebars parses
 * (a private instance, so nothing registered elsewhere in the process can
 * change a template), the source guard decides what a template may contain,
 * and the merge program executes it with Handlebars' rules.
 *
 * Templates merge strictly: a value the template prints but the context lacks
 * fails the merge (`validation_failed`, naming the field) instead of printing
 * nothing. As in Handlebars, that strictness applies to what is printed, not
 * to helper arguments, and only the last segment of an argument is read
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

  compile(template: string, options: MergeCompileOptions): MergeTemplate {
    const source = options.partials ? inlineBlocks(template, options.partials) : template;
    const ast = parseTemplate(this.handlebars, source);
    const sites = guardTemplate(ast, options.escape);
    const program = compileProgram(ast, { escape: options.escape, sites });
    const markup: Markup = options.escape === 'html' ? 'html' : 'text';
    // Per runtime identity (catalog, locale, assets): the values the program computes once for all its documents.
    const slotTables = new WeakMap<RuntimeIdentity, unknown[]>();
    const merge = (context: MergeContext, env: MergeEnv): MergeOutput => {
      const runtime: MergeRuntime = { catalog: env.catalog, channel: env.channel, markup, assets: env.assets };
      const identity = runtimeIdentity(env.catalog, context.locale.tag, env.assets);
      let slots = slotTables.get(identity);
      if (!slots) {
        slots = new Array<unknown>(program.slots).fill(undefined);
        slotTables.set(identity, slots);
      }
      const out = new MergeOutput();
      try {
        program.render(Scope.root({ runtime, locale: context.locale, slots }, context), out);
      } catch (error) {
        if (error instanceof DomainError) throw error;
        throw new DomainError('template_invalid', `Template failed while merging: ${messageOf(error)}`);
      }
      return out;
    };
    return Object.assign((context: MergeContext, env: MergeEnv) => merge(context, env).toString(), {
      bytes: (context: MergeContext, env: MergeEnv) => merge(context, env).toBytes(),
    });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
