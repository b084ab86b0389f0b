import { createHash } from 'node:crypto';
import mjml2html from 'mjml';
import { DomainError } from '@app/kernel';
import type { Direction } from '@app/contracts';
import { EMAIL_COMPILE_CACHE_SIZE } from './email.constants';
import { LruCache } from '@app/kernel';

/** The direction and language an email is laid out for; both are fixed per compiled template. */
export interface EmailLayout {
  readonly dir: Direction;
  readonly lang: string;
}

export interface MjmlProblem {
  readonly line: number;
  readonly message: string;
  readonly tagName: string;
}

export interface EmailCompilerOptions {
  /** How many compiled templates to keep. */
  readonly cacheSize?: number;
}

const LANGUAGE_TAG = /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/;
const INCLUDE_TAG = /<mj-include\b/i;
/** Outlook-only markup closed and reopened around `mj-raw` blocks that hold nothing but block-helper tokens. */
const SPLIT_OUTLOOK_CONDITIONAL = /<!\[endif\]-->\s*((?:\{\{~?(?:[#^/]|else\b)[^{}]*\}\}\s*)+)<!--\[if mso \| IE\]>/g;
const BLOCK_TOKEN = /\{\{[^{}]*\}\}/g;

/**
 * No minifying: it runs before the merge here, so it would collapse whitespace
 * in the template but not in the data merged later, and the output would no
 * longer match a message compiled after merging (it also rewrites `{{…}}` in
 * styles unless `sanitizeStyles` is set). No beautifying: it only adds bytes.
 * Comments are author notes, not content. Includes stay off whatever the default.
 */
const MJML_OPTIONS = { keepComments: false, beautify: false, minify: false, ignoreIncludes: true } as const;

/**
 * Turns MJML into responsive email HTML once per template version and layout.
 * Handlebars expressions pass through MJML untouched, so the result is itself a
 * template: merging a message costs a Handlebars merge, not an MJML compile.
 *
 * MJML includes are refused outright: an author's `<mj-include path="...">`
 * would otherwise read files from this machine.
 */
export class EmailCompiler {
  private readonly compiled: LruCache<string, Promise<string>>;

  constructor(options: EmailCompilerOptions = {}) {
    this.compiled = new LruCache(options.cacheSize ?? EMAIL_COMPILE_CACHE_SIZE);
  }

  /**
   * Compiles MJML to HTML for one layout. `cacheKey` must identify the MJML and
   * layout (e.g. `${contentHash}:${dir}:${lang}`); it defaults to a hash of both.
   * Concurrent calls for one key share a single compilation.
   */
  precompile(mjml: string, layout: EmailLayout, cacheKey: string = defaultCacheKey(mjml, layout)): Promise<string> {
    return this.compiled.getOrLoad(cacheKey, () => this.compile(mjml, layout));
  }

  /**
   * Every problem strict MJML validation finds, for rejecting a template when it
   * is submitted rather than when a customer's message is rendered. Expressions
   * in typed attributes (colours, sizes) are reported here: use layout tokens or
   * literal values there.
   */
  async validateMjml(mjml: string, layout: EmailLayout): Promise<MjmlProblem[]> {
    const include = INCLUDE_TAG.exec(mjml);
    if (include) {
      return [{ line: lineOf(mjml, include.index), message: 'mj-include is not allowed', tagName: 'mj-include' }];
    }
    const source = applyLayout(mjml, layout);
    try {
      await mjml2html(source, { ...MJML_OPTIONS, validationLevel: 'strict' });
      return [];
    } catch (error) {
      const errors = (error as { errors?: unknown }).errors;
      if (Array.isArray(errors) && errors.length > 0) {
        return errors.map(({ line, message, tagName }) => ({ line, message, tagName }));
      }
      return [{ line: 0, message: (error as Error).message, tagName: 'mjml' }];
    }
  }

  private async compile(mjml: string, layout: EmailLayout): Promise<string> {
    const include = INCLUDE_TAG.exec(mjml);
    if (include) {
      throw new DomainError('template_invalid', `mj-include is not allowed (line ${lineOf(mjml, include.index)})`);
    }
    const source = applyLayout(mjml, layout);
    try {
      const { html } = await mjml2html(source, { ...MJML_OPTIONS, validationLevel: 'soft' });
      return joinOutlookConditionals(html);
    } catch (error) {
      throw new DomainError('template_invalid', `The email MJML cannot be compiled: ${(error as Error).message}`);
    }
  }
}

/**
 * Replaces the layout tokens: `[[dir]]`, `[[align]]` (the reading side),
 * `[[alignEnd]]` (the other side) and `[[lang]]`. MJML writes `direction:ltr` on
 * every section and column unless told otherwise, so right-to-left templates set
 * `direction="[[dir]]"` on `mj-section`/`mj-column` and `align="[[align]]"`.
 */
export function applyLayout(mjml: string, layout: EmailLayout): string {
  if (layout.dir !== 'ltr' && layout.dir !== 'rtl') throw new DomainError('template_invalid', `Unknown direction "${layout.dir}"`);
  if (!LANGUAGE_TAG.test(layout.lang)) throw new DomainError('template_invalid', `"${layout.lang}" is not a language tag`);
  const rtl = layout.dir === 'rtl';
  const tokens: Record<string, string> = {
    dir: layout.dir,
    align: rtl ? 'right' : 'left',
    alignEnd: rtl ? 'left' : 'right',
    lang: layout.lang,
  };
  return mjml.replace(/\[\[(dir|align|alignEnd|lang)\]\]/g, (_, token: string) => tokens[token]);
}

/**
 * MJML merges the Outlook-only table markup of adjacent sections into one
 * conditional comment. A `{{#if}}`/`{{#each}}` in `mj-raw` between sections
 * keeps them apart, so the merged message would differ from one compiled after
 * merging. Moving the block tokens inside the joined comment restores MJML's
 * own output for every outcome of the block; Handlebars reads tokens inside HTML
 * comments like anywhere else, and only block tokens move, so no visible text
 * ends up hidden in an Outlook-only comment.
 */
function joinOutlookConditionals(html: string): string {
  return html.replace(SPLIT_OUTLOOK_CONDITIONAL, (_, tokens: string) => tokens.match(BLOCK_TOKEN)!.join(''));
}

function defaultCacheKey(mjml: string, layout: EmailLayout): string {
  return `${createHash('sha256').update(mjml).digest('hex')}:${layout.dir}:${layout.lang}`;
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}
