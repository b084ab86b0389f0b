import { DomainError } from '@app/kernel';
import type { CallSite, Helper } from '../helpers/merge-runtime';
import { HelperCall } from '../helpers/merge-runtime';
import { translationArguments } from '../helpers/translate.helper';
import { VALUE_HELPERS } from '../helpers/value-helpers';
import type { BoundFormatter } from '../message-catalog';
import { type PathIndex, siteKey } from '../template-source.guard';
import { conditional, each, section, withBlock } from './block-runners';
import { fixedRuns } from './fixed-runs';
import { printHtml, printText } from './handlebars-values';
import { type BlockParams, type Scope, TrailNode } from './merge-scope';
import { PathLookup } from './path-lookup';
import type { CompiledValue, Evaluate, Piece, Program, Render, TrailOf } from './program-parts';
import { RuntimeConstant } from './runtime-constant';
import { TrustedHtml } from './trusted-html';

export type { Render } from './program-parts';

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
    if (hasArguments || (simple && isHelperName(path.parts[0]))) {
      if (!simple || !isHelperName(path.parts[0])) throw this.invalid(node, `"${path.original}" is not a helper`);
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
      if (isSimpleName(path) && isHelperName(path.parts[0])) throw this.invalid(block, `{{#${path.original}}} is not a block helper`);
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


/** A helper's own name: `toString` and the rest of an object's prototype are data fields like any other. */
function isHelperName(name: string): boolean {
  return Object.hasOwn(VALUE_HELPERS, name);
}
