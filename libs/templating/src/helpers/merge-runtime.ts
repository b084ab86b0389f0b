import Handlebars from 'handlebars';
import { DomainError } from '@app/kernel';
import type { Channel } from '@app/rendering';
import type { InlineAssets } from '../assets/asset-reference';
import { contextPointer } from '../json-pointer';
import type { LocaleInfo, MergeContext } from '../merge-context';
import type { MessageCatalog } from '../message-catalog';
import { FormatProblem } from './format-problem';

/** What a merge produces: HTML (escaped, `<bdi>` isolation) or plain text (Unicode isolates). */
export type Markup = 'html' | 'text';

/** Per-merge facts the helpers need beside the context. */
export interface MergeRuntime {
  readonly catalog: MessageCatalog;
  readonly channel: Channel;
  readonly markup: Markup;
  /** Data URIs of the version's captured assets; absent when the caller supplied none. */
  readonly assets?: InlineAssets;
}

/**
 * Key of the runtime in Handlebars' `@data`. Templates cannot reach it: the
 * source guard only lets `@root`, `@index`, `@key`, `@first` and `@last` through.
 */
export const RUNTIME_DATA_KEY = 'ccmMergeRuntime';

interface MergeData {
  readonly root: MergeContext;
  readonly contextPath?: string;
  readonly _parent?: MergeData;
  readonly [RUNTIME_DATA_KEY]?: MergeRuntime;
}

/** The slice of Handlebars' helper options these helpers use (`ids` exist because templates compile with `trackIds`). */
export interface HelperOptions {
  readonly name: string;
  readonly hash: Readonly<Record<string, unknown>>;
  readonly data: MergeData;
  readonly ids?: readonly unknown[];
  readonly hashIds?: Readonly<Record<string, unknown>>;
  readonly loc?: { readonly start: { readonly line: number; readonly column: number } };
}

const FSI = '\u2068';
const PDI = '\u2069';

/** One invocation of a helper: its arguments, where they came from, and the merge they belong to. */
export class HelperCall {
  private constructor(
    readonly params: readonly unknown[],
    readonly options: HelperOptions,
  ) {}

  /** Handlebars passes the options object last. */
  static of(args: readonly unknown[]): HelperCall {
    return new HelperCall(args.slice(0, -1), args[args.length - 1] as HelperOptions);
  }

  get runtime(): MergeRuntime {
    const runtime = this.options.data[RUNTIME_DATA_KEY];
    if (!runtime) throw new Error(`{{${this.options.name}}} ran outside a merge`);
    return runtime;
  }

  get locale(): LocaleInfo {
    return this.options.data.root.locale;
  }

  /** A required argument: absent data is the document's fault and says which field. */
  required(index: number): unknown {
    const value = this.params[index];
    if (value === undefined || value === null) throw this.invalid(index, `is required by {{${this.options.name}}}`);
    return value;
  }

  /** Runs a formatting function, reporting a bad argument against the field it was read from. */
  formatting<T>(format: () => T): T {
    try {
      return format();
    } catch (error) {
      if (error instanceof FormatProblem) throw this.invalid(error.argument, error.message);
      throw error;
    }
  }

  /**
   * The error for a bad argument. A value read from the context is a data
   * problem (422 naming the field); a literal written in the template is the
   * template's own mistake.
   */
  invalid(argument: number | string, problem: string): DomainError {
    const id = typeof argument === 'number' ? this.options.ids?.[argument] : this.options.hashIds?.[argument];
    const parts = typeof id === 'string' ? this.absolutePath(id) : undefined;
    if (!parts) {
      return new DomainError('template_invalid', `{{${this.options.name}}}${this.where()}: argument ${describe(argument)} ${problem}`);
    }
    const pointer = contextPointer(parts);
    return new DomainError('validation_failed', `${pointer} ${problem}`, [{ pointer, message: problem }]);
  }

  /**
   * Keeps a Latin or numeric run from being reordered inside right-to-left text:
   * `<bdi>` in HTML, first-strong isolate … pop isolate in plain text. Left-to-right
   * locales need neither.
   */
  isolate(text: string): string | Handlebars.SafeString {
    if (this.locale.dir !== 'rtl') return text;
    if (this.runtime.markup === 'html') return new Handlebars.SafeString(`<bdi>${Handlebars.escapeExpression(text)}</bdi>`);
    return `${FSI}${text}${PDI}`;
  }

  private where(): string {
    const start = this.options.loc?.start;
    return start ? ` at line ${start.line}, column ${start.column + 1}` : '';
  }

  /** Resolves a tracked id (relative to the current `each`/`with` context) to a path from the root. */
  private absolutePath(id: string): string[] | undefined {
    if (id.startsWith('@')) {
      return id.startsWith('@root.') ? id.slice('@root.'.length).split('.') : undefined;
    }
    let rest = id;
    let data: MergeData | undefined = this.options.data;
    while (rest.startsWith('../')) {
      rest = rest.slice(3);
      data = data?._parent;
    }
    const base = data?.contextPath ?? '';
    // Block parameters are tracked from the root already.
    const absolute = base && (rest === base || rest.startsWith(`${base}.`)) ? rest : [base, rest].filter(Boolean).join('.');
    return absolute ? absolute.split('.') : [];
  }
}

function describe(argument: number | string): string {
  return typeof argument === 'number' ? `${argument + 1}` : `"${argument}"`;
}
