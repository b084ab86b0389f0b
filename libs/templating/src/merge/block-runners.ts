import { isEmpty, isTruthy } from './handlebars-values';
import type { MergeOutput } from './merge-output';
import { type BlockParams, childFrame, type DataFrame, type Scope, type Trail } from './merge-scope';
import type { CompiledValue, Evaluate, Program, Render } from './program-parts';

/*
 * The block helpers templates may use — `{{#if}}`, `{{#unless}}`, `{{#each}}`,
 * `{{#with}}` — and plain sections (`{{#path}}`), run with Handlebars' rules.
 */

/** Runs a block's program in a context; a scope is only made when something about it changes. */
function run(
  program: Program,
  scope: Scope,
  out: MergeOutput,
  context: unknown,
  trail: Trail,
  data: DataFrame,
  params?: readonly unknown[],
  trails?: readonly Trail[],
): void {
  const blockParams: BlockParams | undefined = program.declaresParams ? { values: params ?? [], trails: trails ?? [], outer: scope.params } : scope.params;
  const inner = context === scope.context && data === scope.data && blockParams === scope.params ? scope : scope.enter(context, trail, data, blockParams);
  program.render(inner, out);
}

/** The same scope again: `{{#if}}`, `{{else}}` and sections over `true` keep the context. */
function again(program: Program, scope: Scope, out: MergeOutput): void {
  run(program, scope, out, scope.context, scope.trail, scope.data);
}

export function conditional(subject: Evaluate, hash: ReadonlyArray<readonly [string, Evaluate]>, whenTrue: Program, whenFalse: Program): Render {
  const includeZero = hash.find(([key]) => key === 'includeZero')?.[1];
  return (scope, out) => {
    const value = subject(scope);
    const truthy = includeZero && includeZero(scope) && value === 0 ? true : isTruthy(value);
    again(truthy ? whenTrue : whenFalse, scope, out);
  };
}

export function each(subject: CompiledValue, fn: Program, inverse: Program): Render {
  return (scope, out) => {
    const list = subject.evaluate(scope);
    if (!iterate(list, subject.trail?.(scope) ?? null, fn, scope, out)) again(inverse, scope, out);
  };
}

/** Handlebars' `each`: arrays by index, objects by key, with `@index`, `@key`, `@first`, `@last`. */
function iterate(list: unknown, trail: Trail, fn: Program, scope: Scope, out: MergeOutput): boolean {
  if (!list || typeof list !== 'object') return false;
  const data = childFrame(scope.data);
  const item = (key: string | number, index: number, last: boolean) => {
    const value = (list as Record<string | number, unknown>)[key];
    data.key = key;
    data.index = index;
    data.first = index === 0;
    data.last = last;
    const itemTrail = trail?.item(key) ?? null;
    if (fn.declaresParams) run(fn, scope, out, value, itemTrail, data, [value, key], [itemTrail, null]);
    else run(fn, scope, out, value, itemTrail, data);
  };
  if (Array.isArray(list)) {
    for (let index = 0; index < list.length; index++) if (index in list) item(index, index, index === list.length - 1);
    return list.length > 0;
  }
  const keys = Object.keys(list);
  keys.forEach((key, index) => item(key, index, index === keys.length - 1));
  return keys.length > 0;
}

export function withBlock(subject: CompiledValue, fn: Program, inverse: Program): Render {
  return (scope, out) => {
    const value = subject.evaluate(scope);
    if (isEmpty(value)) return again(inverse, scope, out);
    const trail = subject.trail?.(scope) ?? null;
    // As in Handlebars, `{{#with}}` keeps the `@` frame: `@../index` counts `{{#each}}` levels only.
    if (fn.declaresParams) run(fn, scope, out, value, trail, scope.data, [value], [trail]);
    else run(fn, scope, out, value, trail, scope.data);
  };
}

/** `{{#path}}…{{/path}}` and `{{^path}}…{{/path}}`: Handlebars' `blockHelperMissing`. */
export function section(subject: CompiledValue, fn: Program, inverse: Program): Render {
  return (scope, out) => {
    const value = subject.evaluate(scope);
    if (value === true) return again(fn, scope, out);
    if (value === false || value === null || value === undefined) return again(inverse, scope, out);
    const trail = subject.trail?.(scope) ?? null;
    if (Array.isArray(value)) {
      if (!iterate(value, trail, fn, scope, out)) again(inverse, scope, out);
      return;
    }
    run(fn, scope, out, value, trail, scope.data);
  };
}
