import type { MergeOutput } from './merge-output';
import type { Scope, Trail } from './merge-scope';
import type { RuntimeConstant } from './runtime-constant';

/* The pieces a compiled merge program is made of, shared by the compiler and its block runners. */

/** Writes a program's output for one scope. */
export type Render = (scope: Scope, out: MergeOutput) => void;
export type Evaluate = (scope: Scope) => unknown;
export type TrailOf = (scope: Scope) => Trail;
export type Print = (value: unknown) => string;

/** A statement of a program: the template's own text, a value fixed per runtime identity, or per-document output. */
export type Piece =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'constant'; readonly constant: RuntimeConstant; readonly print: Print }
  | { readonly kind: 'render'; readonly render: Render };

export interface Program {
  readonly render: Render;
  /** The program names block parameters (`as |item index|`), so running it opens a new frame of them. */
  readonly declaresParams: boolean;
}

export interface CompiledValue {
  readonly evaluate: Evaluate;
  /** Where the value sits in the context, when it is read from there. */
  readonly trail: TrailOf | null;
  /** Written in the template itself. */
  readonly literal?: boolean;
  /** The same for every document merged with the same catalog and assets (a label, a data URI). */
  readonly fixed?: RuntimeConstant;
}
