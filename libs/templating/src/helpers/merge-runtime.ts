import type { LocaleInfo } from '@app/contracts';
import { DomainError } from '@app/kernel';
import { contextPointer } from '../json-pointer';
import type { MergeRuntime, Scope, Trail } from '../merge/merge-scope';
import { FormatProblem } from './format-problem';

export type { Markup, MergeRuntime } from '../merge/merge-scope';

/** Where a helper is called in the template and where each argument is read from. */
export interface CallSite {
  readonly name: string;
  readonly line: number;
  readonly column: number;
  /** Per positional argument: where its value sits in the context, or null for a literal or a helper's result. */
  readonly paramTrails: ReadonlyArray<((scope: Scope) => Trail) | null>;
  readonly hashTrails: Readonly<Record<string, ((scope: Scope) => Trail) | null>>;
}

export type Helper = (call: HelperCall) => unknown;

const FSI = '\u2068';
const PDI = '\u2069';

/** One invocation of a helper: its arguments, where they came from, and the merge they belong to. */
export class HelperCall {
  constructor(
    private readonly site: CallSite,
    readonly params: readonly unknown[],
    readonly hash: Readonly<Record<string, unknown>>,
    private readonly scope: Scope,
  ) {}

  get name(): string {
    return this.site.name;
  }

  get runtime(): MergeRuntime {
    return this.scope.state.runtime;
  }

  get locale(): LocaleInfo {
    return this.scope.state.locale;
  }

  /** A required argument: absent data is the document's fault and says which field. */
  required(index: number): unknown {
    const value = this.params[index];
    if (value === undefined || value === null) throw this.invalid(index, `is required by {{${this.name}}}`);
    return value;
  }

  /** What a formatting function threw, with a bad argument reported against the field it was read from. */
  failure(error: unknown): unknown {
    return error instanceof FormatProblem ? this.invalid(error.argument, error.message) : error;
  }

  /**
   * The error for a bad argument. A value read from the context is a data
   * problem (422 naming the field); a literal written in the template is the
   * template's own mistake.
   */
  invalid(argument: number | string, problem: string): DomainError {
    const origin = typeof argument === 'number' ? this.site.paramTrails[argument] : this.site.hashTrails[argument];
    const trail = origin ? origin(this.scope) : null;
    if (!trail) {
      const where = ` at line ${this.site.line}, column ${this.site.column + 1}`;
      return new DomainError('template_invalid', `{{${this.name}}}${where}: argument ${describe(argument)} ${problem}`);
    }
    const pointer = contextPointer(trail.parts());
    return new DomainError('validation_failed', `${pointer} ${problem}`, [{ pointer, message: problem }]);
  }

  /**
   * Keeps a Latin or numeric run from being reordered inside right-to-left text
   * with first-strong isolate … pop isolate (U+2068 … U+2069), the same characters
   * in every channel. In HTML they are text, so they survive where markup does not:
   * Gmail drops `<bdi>` and Outlook ignores `dir="auto"`, while both lay out the
   * Unicode isolates. Like `<bdi>`, the run takes the direction of its first strong
   * letter, so an Arabic-formatted amount stays right-to-left. Left-to-right locales
   * need no isolation.
   */
  isolate(text: string): string {
    if (this.locale.dir !== 'rtl') return text;
    return `${FSI}${text}${PDI}`;
  }
}

function describe(argument: number | string): string {
  return typeof argument === 'number' ? `${argument + 1}` : `"${argument}"`;
}
