import { DomainError } from '@app/kernel';
import type { CallSite, Helper } from '../helpers/merge-runtime';
import { HelperCall } from '../helpers/merge-runtime';
import { translationArguments } from '../helpers/translate.helper';
import { VALUE_HELPERS } from '../helpers/value-helpers';
import type { BoundFormatter } from '../message-catalog';
import { type PathIndex, siteKey } from '../template-source.guard';
import { isEmpty, isTruthy, ownProperty, printHtml, printText } from './handlebars-values';
import { FixedText, type MergeOutput } from './merge-output';
import { type BlockParams, childFrame, type DataFrame, Scope, type Trail, TrailNode } from './merge-scope';
import { RuntimeConstant } from './runtime-constant';
import { TrustedHtml } from './trusted-html';

/** Writes a program's output for one scope. */
export type Render = (scope: Scope, out: MergeOutput) => void;
type Evaluate = (scope: Scope) => unknown;
type TrailOf = (scope: Scope) => Trail;
type Print = (value: unknown) => string;

/** A statement of a program: the template's own text, a value fixed per runtime identity, or per-document output. */
type Piece =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'constant'; readonly constant: RuntimeConstant; readonly print: Print }
  | { readonly kind: 'render'; readonly render: Render };

interface Program {
  readonly render: Render;
  /** The program names block parameters (`as |item index|`), so running it opens a new frame of them. */
  readonly declaresParams: boolean;
}

interface CompiledValue {
  readonly evaluate: Evaluate;
  /** Where the value sits in the context, when it is read from there. */
  readonly trail: TrailOf | null;
  /** Written in the template itself. */
  readonly literal?: boolean;
  /** The same for every document merged with the same catalog and assets (a label, a data URI). */
  readonly fixed?: RuntimeConstant;
}

export interface ProgramOptions {
  readonly escape: 'html' | 'none';
  /** The guard's index of path expressions, for naming the field a failed lookup wanted. */
  readonly sites: PathIndex;
}

const NOTHING: Render = () => undefined;
const NO_HASH: Readonly<Record<string, unknown>> = Object.freeze({});

/**
 * Compiles a guarded Handlebars AST into a tree of closures that merge a
 * document into it. Handlebars parses and the guard decides what a template may
 * contain; this runtime executes exactly that subset with Handlebars' own rules
 * (strict lookups, `../` depths, `@` frames, block parameters, truthiness),
 * but writes into a `MergeOutput` of fixed and per-document text instead of
 * concatenating one string, resolves every name while compiling, and formats a
 * catalog label or an asset once per catalog instead of once per document.
 */
export function compileProgram(program: hbs.AST.Program, options: ProgramOptions): CompiledProgram {
  const compiler = new ProgramCompiler(options);
  const { render } = compiler.program(program);
  return { render, slots: compiler.slots };
}

export interface CompiledProgram {
  readonly render: Render;
  /** How many values the program keeps per runtime identity (the length of `MergeState.slots`). */
  readonly slots: number;
}

class ProgramCompiler {
  /** Block parameter names of the enclosing programs that declare any, innermost first. */
  private readonly declared: string[][] = [];
  /** Slots given out so far in the per-identity table. */
  slots = 0;

  constructor(private readonly options: ProgramOptions) {}

  program(program: hbs.AST.Program | undefined): Program {
    if (!program) return { render: NOTHING, declaresParams: false };
    const names = program.blockParams ?? [];
    if (names.length > 0) this.declared.unshift(names);
    const renders = fixedRuns(program.body.map((statement) => this.statement(statement)), () => this.slots++);
    if (names.length > 0) this.declared.shift();
    const render: Render =
      renders.length === 0
        ? NOTHING
        : renders.length === 1
          ? renders[0]
          : (scope, out) => {
              for (const each of renders) each(scope, out);
            };
    return { render, declaresParams: names.length > 0 };
  }

  private statement(node: hbs.AST.Node): Piece {
    switch (node.type) {
      case 'ContentStatement':
        return { kind: 'text', text: (node as hbs.AST.ContentStatement).value };
      case 'CommentStatement':
        return { kind: 'text', text: '' };
      case 'MustacheStatement':
        return this.mustache(node as hbs.AST.MustacheStatement);
      case 'BlockStatement':
        return { kind: 'render', render: this.block(node as hbs.AST.BlockStatement) };
      default:
        throw this.invalid(node, `${node.type} is not supported`);
    }
  }

  private mustache(mustache: hbs.AST.MustacheStatement): Piece {
    const value = this.expression(mustache, 'print');
    const print = this.options.escape === 'html' && mustache.escaped ? printHtml : printText;
    if (value.fixed) return { kind: 'constant', constant: value.fixed, print };
    const { evaluate } = value;
    return { kind: 'render', render: (scope, out) => out.write(print(evaluate(scope))) };
  }

  /**
   * What `{{…}}` or `(…)` stands for, classified as Handlebars does: a call of
   * a known helper, a block parameter, or a path read from the context.
   */
  private expression(node: hbs.AST.MustacheStatement | hbs.AST.SubExpression, use: 'print' | 'argument'): CompiledValue {
    const path = node.path as hbs.AST.PathExpression;
    if (path.type !== 'PathExpression') throw this.invalid(node, 'A literal cannot be output or called');
    const hasArguments = node.type === 'SubExpression' || node.params.length > 0 || (node.hash?.pairs.length ?? 0) > 0;
    const simple = isSimpleName(path) && !this.blockParam(path.parts[0]);
    if (hasArguments || (simple && path.parts[0] in VALUE_HELPERS)) {
      if (!simple || !(path.parts[0] in VALUE_HELPERS)) throw this.invalid(node, `"${path.original}" is not a helper`);
      return this.call(path.parts[0], node);
    }
    return this.path(path, use === 'print' ? 'strict' : 'lenient');
  }

  private argument(node: hbs.AST.Expression): CompiledValue {
    switch (node.type) {
      case 'PathExpression':
        return this.path(node as hbs.AST.PathExpression, 'lenient');
      case 'SubExpression':
        return this.expression(node as hbs.AST.SubExpression, 'argument');
      case 'StringLiteral':
      case 'NumberLiteral':
      case 'BooleanLiteral':
        return literal((node as hbs.AST.StringLiteral | hbs.AST.NumberLiteral | hbs.AST.BooleanLiteral).value);
      case 'UndefinedLiteral':
        return literal(undefined);
      case 'NullLiteral':
        return literal(null);
      default:
        throw this.invalid(node, `${node.type} cannot be an argument`);
    }
  }

  private call(name: string, node: hbs.AST.MustacheStatement | hbs.AST.SubExpression | hbs.AST.BlockStatement): CompiledValue {
    const helper: Helper = VALUE_HELPERS[name];
    const params = node.params.map((param) => this.argument(param));
    const pairs = (node.hash?.pairs ?? []).map((pair) => [pair.key, this.argument(pair.value)] as const);
    const site: CallSite = {
      name,
      line: node.loc.start.line,
      column: node.loc.start.column,
      paramTrails: params.map((param) => param.trail),
      hashTrails: Object.fromEntries(pairs.map(([key, value]) => [key, value.trail])),
    };
    const paramValues = params.map((param) => param.evaluate);
    const evaluate: Evaluate = (scope) => {
      const values = new Array<unknown>(paramValues.length);
      for (let index = 0; index < paramValues.length; index++) values[index] = paramValues[index](scope);
      const hash: Record<string, unknown> = pairs.length === 0 ? NO_HASH : {};
      for (const [key, value] of pairs) hash[key] = value.evaluate(scope);
      return helper(new HelperCall(site, values, hash, scope));
    };
    const fixedArguments = params.every(isFixed) && pairs.every(([, value]) => isFixed(value));
    const fixed = fixedArguments ? RuntimeConstant.forHelper(name, evaluate, () => this.slots++) : undefined;
    if (fixed) return { evaluate: (scope) => fixed.value(scope), trail: null, fixed };
    const key = node.params[0];
    if (name === 't' && node.params.length === 1 && key.type === 'StringLiteral') {
      return { evaluate: this.translation((key as hbs.AST.StringLiteral).value, site, pairs), trail: null };
    }
    return { evaluate, trail: null };
  }

  /**
   * `{{t "key" name=value…}}`: the message is bound to this call site's
   * arguments once per catalog and locale (in the identity's slot), so a merge
   * only evaluates the arguments and formats. What `translateHelper` does,
   * without building a helper call unless an argument is bad.
   */
  private translation(key: string, site: CallSite, pairs: ReadonlyArray<readonly [string, CompiledValue]>): Evaluate {
    const names = pairs.map(([name]) => name);
    const values = pairs.map(([, value]) => value.evaluate);
    const markup = this.options.escape === 'html' ? 'html' : 'text';
    const binding = { names, markup } as const;
    const slot = this.slots++;
    return (scope) => {
      const args = new Array<unknown>(values.length);
      for (let index = 0; index < values.length; index++) args[index] = values[index](scope);
      translationArguments(key, names, args, markup, () => new HelperCall(site, [key], Object.fromEntries(names.map((name, index) => [name, args[index]])), scope));
      const slots = scope.state.slots;
      let format = slots[slot] as BoundFormatter | undefined;
      if (!format) {
        format = scope.state.runtime.catalog.bind(key, scope.state.locale.tag, binding);
        slots[slot] = format;
      }
      const text = format(args);
      return markup === 'html' ? new TrustedHtml(text) : text;
    };
  }

  private path(path: hbs.AST.PathExpression, terminal: 'strict' | 'lenient'): CompiledValue {
    const site = this.options.sites.get(siteKey(path.loc.start.line, path.loc.start.column));
    const lookup = new PathLookup(path, site?.display ?? path.original, site?.pointer ?? '/data');
    if (path.data) {
      const { depth, parts } = path;
      const trail: TrailOf | null = parts[0] === 'root' ? () => TrailNode.ROOT.to(parts.slice(1)) : null;
      return { evaluate: (scope) => lookup.walk(scope.dataAt(depth), parts, 0, terminal), trail };
    }
    const param = !path.depth && !isScoped(path) ? this.blockParam(path.parts[0]) : undefined;
    if (param) {
      const [level, index] = param;
      const rest = path.parts.slice(1);
      const frame = (scope: Scope) => paramsAt(scope.params, level);
      return {
        // Block parameters are read leniently even when printed, as Handlebars reads them.
        evaluate: (scope) => lookup.walk(frame(scope)?.values[index], path.parts, 1, 'lenient'),
        trail: (scope) => frame(scope)?.trails[index]?.to(rest) ?? null,
      };
    }
    const { depth, parts } = path;
    if (depth === 0) {
      return {
        evaluate: (scope) => lookup.walk(scope.context, parts, 0, terminal),
        trail: (scope) => scope.trail?.to(parts) ?? null,
      };
    }
    return {
      evaluate: (scope) => lookup.walk(scope.climb(depth)?.context, parts, 0, terminal),
      trail: (scope) => scope.climb(depth)?.trail?.to(parts) ?? null,
    };
  }

  /** `[level, index]`: the parameter is the `index`-th of the `level`-th enclosing program that declares any. */
  private blockParam(name: string): readonly [number, number] | undefined {
    for (let level = 0; level < this.declared.length; level++) {
      const index = this.declared[level].indexOf(name);
      if (index >= 0) return [level, index];
    }
    return undefined;
  }

  private block(block: hbs.AST.BlockStatement): Render {
    const path = block.path as hbs.AST.PathExpression;
    if (path.type !== 'PathExpression') throw this.invalid(block, 'A literal cannot open a block');
    const fn = this.program(block.program);
    const inverse = this.program(block.inverse);
    if (block.params.length === 0 && (block.hash?.pairs.length ?? 0) === 0) {
      if (isSimpleName(path) && path.parts[0] in VALUE_HELPERS) throw this.invalid(block, `{{#${path.original}}} is not a block helper`);
      const value = this.path(path, 'strict');
      return section(value, fn, inverse);
    }
    const name = isSimpleName(path) ? path.parts[0] : path.original;
    if (block.params.length !== 1) throw this.invalid(block, `{{#${name}}} takes exactly one argument`);
    const subject = this.argument(block.params[0]);
    const hash = (block.hash?.pairs ?? []).map((pair) => [pair.key, this.argument(pair.value).evaluate] as const);
    switch (name) {
      case 'if':
        return conditional(subject.evaluate, hash, fn, inverse);
      case 'unless':
        return conditional(subject.evaluate, hash, inverse, fn);
      case 'each':
        return each(subject, fn, inverse);
      case 'with':
        return withBlock(subject, fn, inverse);
      default:
        throw this.invalid(block, `"${path.original}" is not a block helper`);
    }
  }

  private invalid(node: hbs.AST.Node, problem: string): DomainError {
    return new DomainError('template_invalid', `${problem} at line ${node.loc.start.line}, column ${node.loc.start.column + 1}`);
  }
}

/** Reads a path's segments one by one, failing the way a strict Handlebars merge fails, with the field named. */
class PathLookup {
  constructor(
    private readonly path: hbs.AST.PathExpression,
    private readonly display: string,
    private readonly pointer: string,
  ) {}

  walk(start: unknown, parts: readonly string[], from: number, terminal: 'strict' | 'lenient'): unknown {
    let value = start;
    const last = parts.length - 1;
    for (let index = from; index < parts.length; index++) {
      const part = parts[index];
      const printed = index === last && terminal === 'strict';
      if (value === undefined || value === null) throw this.missing(printed ? undefined : part);
      // Strict Handlebars prints only a field that exists; a field holding null prints nothing.
      if (printed && (typeof value !== 'object' || !(part in value))) throw this.missing();
      value = ownProperty(value, part);
    }
    return value;
  }

  private missing(readingFromNothing?: string): DomainError {
    const { line, column } = this.path.loc.start;
    const problem =
      readingFromNothing === undefined
        ? `is missing: the template prints "${this.display}" (line ${line}, column ${column + 1})`
        : `is missing: the template reads "${readingFromNothing}" from it in "${this.display}" (line ${line}, column ${column + 1}); guard optional objects with {{#if}}`;
    return new DomainError('validation_failed', `${this.pointer} ${problem}`, [{ pointer: this.pointer, message: problem }]);
  }
}

/**
 * Joins each run of consecutive fixed pieces into one text: the template's own
 * text at compile time, runs that include labels or data URIs once per runtime
 * identity. A merge then writes one piece of fixed bytes per run.
 */
function fixedRuns(pieces: readonly Piece[], slot: () => number): Render[] {
  const renders: Render[] = [];
  let run: Array<Exclude<Piece, { kind: 'render' }>> = [];
  const flush = () => {
    if (run.every((piece) => piece.kind === 'text')) {
      const text = run.map((piece) => piece.text).join('');
      if (text !== '') {
        const fixed = new FixedText(text);
        renders.push((_scope, out) => out.writeFixed(fixed));
      }
    } else {
      const segment = new FixedSegment(run, slot());
      renders.push((scope, out) => out.writeFixed(segment.text(scope)));
    }
    run = [];
  };
  for (const piece of pieces) {
    if (piece.kind === 'render') {
      flush();
      renders.push(piece.render);
    } else {
      run.push(piece);
    }
  }
  flush();
  return renders;
}

/** A run of template text and per-identity values, printed and encoded once per runtime identity. */
class FixedSegment {
  constructor(
    private readonly pieces: ReadonlyArray<Exclude<Piece, { kind: 'render' }>>,
    private readonly slot: number,
  ) {}

  text(scope: Scope): FixedText {
    const slots = scope.state.slots;
    let text = slots[this.slot] as FixedText | undefined;
    if (!text) {
      text = new FixedText(this.pieces.map((piece) => (piece.kind === 'text' ? piece.text : piece.print(piece.constant.value(scope)))).join(''));
      slots[this.slot] = text;
    }
    return text;
  }
}

function literal(value: unknown): CompiledValue {
  return { evaluate: () => value, trail: null, literal: true };
}

function isFixed(value: CompiledValue): boolean {
  return value.literal === true || value.fixed !== undefined;
}

/** A single name that is not `this.x`, `./x` or `../x`: what may name a helper or a block parameter. */
function isSimpleName(path: hbs.AST.PathExpression): boolean {
  return path.parts.length === 1 && !path.data && !path.depth && !isScoped(path);
}

function isScoped(path: hbs.AST.PathExpression): boolean {
  return /^\.|this\b/.test(path.original);
}

function paramsAt(params: BlockParams | undefined, level: number): BlockParams | undefined {
  let frame = params;
  for (let step = 0; step < level && frame; step++) frame = frame.outer;
  return frame;
}

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

function conditional(subject: Evaluate, hash: ReadonlyArray<readonly [string, Evaluate]>, whenTrue: Program, whenFalse: Program): Render {
  const includeZero = hash.find(([key]) => key === 'includeZero')?.[1];
  return (scope, out) => {
    const value = subject(scope);
    const truthy = includeZero && includeZero(scope) && value === 0 ? true : isTruthy(value);
    again(truthy ? whenTrue : whenFalse, scope, out);
  };
}

function each(subject: CompiledValue, fn: Program, inverse: Program): Render {
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

function withBlock(subject: CompiledValue, fn: Program, inverse: Program): Render {
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
function section(subject: CompiledValue, fn: Program, inverse: Program): Render {
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
