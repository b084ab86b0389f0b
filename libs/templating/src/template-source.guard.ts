import type Handlebars from 'handlebars';
import { DomainError } from '@app/kernel';
import { ASSET_HELPER, isAssetName } from '@app/contracts';
import { BLOCK_HELPERS, VALUE_HELPERS } from './helpers/value-helpers';
import { contextPointer } from './json-pointer';
import { assertWithinTemplateLimits, TEMPLATE_LIMITS } from './template-nesting';

/** Where a path expression sits in the source, and what it refers to in the merge context. */
export interface PathSite {
  /** The expression as the template reads, with `[]` marking "each item of". */
  readonly display: string;
  /** Pointer to the deepest field known without knowing which item of a list failed. */
  readonly pointer: string;
}

/** Path expressions of a template by `line:column` of their start, as Handlebars reports failures. */
export type PathIndex = ReadonlyMap<string, PathSite>;

/** `@` variables a template may read; anything else under `@` is merge machinery. */
const DATA_VARIABLES: ReadonlySet<string> = new Set(['root', 'index', 'key', 'first', 'last']);
const VALUE_HELPER_NAMES: ReadonlySet<string> = new Set(Object.keys(VALUE_HELPERS));
const BLOCK_HELPER_NAMES: ReadonlySet<string> = new Set(BLOCK_HELPERS);
const NO_BLOCKS: ReadonlySet<string> = new Set();
/** Never a data field; only ever a way from a value to its prototype or constructor. */
const FORBIDDEN_SEGMENT = /^(?:constructor|prototype|__.*)$/;

type Node = hbs.AST.Node;
/** A path from the root (`*` = any item of a list), or null where it cannot be known. */
type Scope = readonly string[] | null;

export function siteKey(line: number, column: number): string {
  return `${line}:${column}`;
}

/**
 * Parses a template source, reporting a syntax error with its line and column
 * (columns counted from 1). A source nested deeper or larger than
 * `TEMPLATE_LIMITS` is refused before the parser sees it.
 */
export function parseTemplate(handlebars: typeof Handlebars, source: string): hbs.AST.Program {
  assertWithinTemplateLimits(source);
  try {
    return handlebars.parse(source);
  } catch (error) {
    throw new DomainError('template_invalid', `Template syntax error ${syntaxErrorPosition(handlebars, error)}: ${lastLine(error)}`);
  }
}

/**
 * Refuses what a template author must not write, before anything is compiled:
 * unescaped output in HTML, partials other than the locked blocks named in
 * `blocks`, decorators and inline partials, unknown helpers, `@` variables
 * other than the documented ones, and path segments that lead to prototypes
 * (`constructor`, `__proto__`, ...). Returns where each path sits so a missing
 * value at merge time can be reported against its field.
 */
export function guardTemplate(program: hbs.AST.Program, escape: 'html' | 'none', blocks: ReadonlySet<string> = NO_BLOCKS): PathIndex {
  const sites = new Map<string, PathSite>();
  const blockParams: Array<Map<string, Scope>> = [];
  const scopes: Scope[] = [[]];
  // The tree may come from anywhere, not only from parseTemplate: the walk holds it to the same limits.
  let blockDepth = 0;
  let subexpressionDepth = 0;

  const fail = (node: Node, problem: string): never => {
    throw new DomainError('template_invalid', `${problem} at line ${node.loc.start.line}, column ${node.loc.start.column + 1}`);
  };

  const resolve = (path: hbs.AST.PathExpression): Scope => {
    if (path.data) return path.parts[0] === 'root' ? path.parts.slice(1) : null;
    const param = blockParams.findLast((frame) => frame.has(path.parts[0]))?.get(path.parts[0]);
    if (param !== undefined) return param === null ? null : [...param, ...path.parts.slice(1)];
    const base = scopes[scopes.length - 1 - path.depth];
    return base ? [...base, ...path.parts] : null;
  };

  const visitPath = (path: hbs.AST.PathExpression): void => {
    for (const part of path.parts) {
      if (FORBIDDEN_SEGMENT.test(part)) fail(path, `"${path.original}" reads "${part}", which is not a data field`);
    }
    if (path.data && !DATA_VARIABLES.has(path.parts[0])) fail(path, `"${path.original}" is not an available @ variable`);
    if (path.depth >= scopes.length) fail(path, `"${path.original}" goes above the root of the data`);
    const scope = resolve(path);
    const known = scope ? scope.slice(0, scope.indexOf('*') === -1 ? scope.length : scope.indexOf('*')) : [];
    sites.set(siteKey(path.loc.start.line, path.loc.start.column), {
      display: scope ? scope.join('.').replace(/\.\*/g, '[]') : path.original,
      pointer: contextPointer(known),
    });
  };

  const visitExpression = (node: Node): void => {
    if (node.type === 'PathExpression') visitPath(node as hbs.AST.PathExpression);
    else if (node.type === 'SubExpression') {
      if (++subexpressionDepth > TEMPLATE_LIMITS.subexpressionDepth) fail(node, `Subexpressions nest more than ${TEMPLATE_LIMITS.subexpressionDepth} deep`);
      visitCall(node as hbs.AST.SubExpression, 'value');
      subexpressionDepth--;
    }
  };

  const visitArguments = (call: { params: Node[]; hash?: hbs.AST.Hash }): void => {
    call.params.forEach(visitExpression);
    call.hash?.pairs.forEach((pair) => visitExpression(pair.value));
  };

  const visitCall = (
    call: hbs.AST.SubExpression | hbs.AST.MustacheStatement | hbs.AST.BlockStatement,
    kind: 'value' | 'block',
  ): void => {
    const path = call.path as hbs.AST.PathExpression;
    if (path.type !== 'PathExpression') fail(call, 'A literal cannot be output or called');
    if (kind === 'value' && path.original === ASSET_HELPER) return visitAsset(call);
    const isHelperCall = call.type === 'SubExpression' || call.params.length > 0 || (call.hash?.pairs.length ?? 0) > 0;
    if (isHelperCall) {
      const name = path.parts.length === 1 && !path.data && path.depth === 0 ? path.parts[0] : path.original;
      const allowed = kind === 'block' ? BLOCK_HELPER_NAMES : VALUE_HELPER_NAMES;
      if (!allowed.has(name)) fail(call, `"${path.original}" is not a ${kind === 'block' ? 'block ' : ''}helper`);
      visitArguments(call);
    } else if (!(kind === 'value' && VALUE_HELPER_NAMES.has(path.original))) {
      visitPath(path);
    }
  };

  /**
   * `{{asset "name"}}` names its asset literally, so saving a version knows every
   * asset it inlines and can capture it; and it stands only where HTML is written,
   * the one place a data URI means anything.
   */
  const visitAsset = (call: hbs.AST.SubExpression | hbs.AST.MustacheStatement | hbs.AST.BlockStatement): void => {
    if (call.type !== 'MustacheStatement') fail(call, '{{asset}} writes a data URI into the HTML; it cannot be an argument of another helper');
    if (escape !== 'html') fail(call, '{{asset}} inlines an image or font, so it belongs in an HTML source (the email MJML or the PDF HTML), not in text');
    const [name, ...rest] = call.params;
    if (!name || rest.length > 0 || (call.hash?.pairs.length ?? 0) > 0 || name.type !== 'StringLiteral') {
      fail(call, '{{asset}} takes one literal asset name, e.g. {{asset "logo"}}');
    }
    const value = String((name as hbs.AST.StringLiteral).value);
    if (!isAssetName(value)) fail(call, `"${value}" is not an asset name (lowercase letters, digits and single hyphens)`);
  };

  const visitBlock = (block: hbs.AST.BlockStatement): void => {
    if (++blockDepth > TEMPLATE_LIMITS.blockDepth) fail(block, `Blocks nest more than ${TEMPLATE_LIMITS.blockDepth} deep`);
    visitCall(block, 'block');
    const path = block.path;
    const helper = block.params.length > 0 ? path.original : undefined;
    const target = helper ? block.params[0] : path;
    const targetScope = target?.type === 'PathExpression' ? resolve(target as hbs.AST.PathExpression) : null;
    if (!helper && BLOCK_HELPER_NAMES.has(path.original)) fail(block, `{{#${path.original}}} needs an argument`);
    const inner: Scope = helper === 'each' ? targetScope && [...targetScope, '*'] : targetScope;
    // `../` counts context changes only: `if` and `unless` keep their parent's context.
    const changesContext = helper === 'each' || helper === 'with' || !helper;
    const params = new Map<string, Scope>();
    const [itemName, indexName] = block.program?.blockParams ?? [];
    if (itemName) params.set(itemName, inner);
    if (indexName) params.set(indexName, null);
    if (changesContext) scopes.push(inner);
    blockParams.push(params);
    if (block.program) visitProgram(block.program);
    blockParams.pop();
    if (changesContext) scopes.pop();
    if (block.inverse) visitProgram(block.inverse);
    blockDepth--;
  };

  const visitStatement = (node: Node): void => {
    switch (node.type) {
      case 'ContentStatement':
      case 'CommentStatement':
        return;
      case 'MustacheStatement': {
        const mustache = node as hbs.AST.MustacheStatement;
        if (!mustache.escaped && escape === 'html') {
          fail(node, 'Unescaped output ({{{…}}} or {{& …}}) is not allowed in an HTML channel');
        }
        return visitCall(mustache, 'value');
      }
      case 'BlockStatement':
        return visitBlock(node as hbs.AST.BlockStatement);
      case 'PartialStatement':
        return visitPartial(node as hbs.AST.PartialStatement);
      case 'PartialBlockStatement':
        return fail(node, 'Partial blocks ({{#> …}}) are not supported; include a locked block with {{> name}}');
      case 'DecoratorBlock':
      case 'Decorator':
        return fail(node, 'Inline partials and decorators are not supported: a template cannot define its own partials');
      default:
        return fail(node, `${node.type} is not supported`);
    }
  };

  // Only a fixed name may be included: a computed one could pick any block at merge time.
  const visitPartial = (partial: hbs.AST.PartialStatement): void => {
    if (partial.name.type !== 'PathExpression') fail(partial, 'Dynamic partials are not supported; include a locked block with {{> name}}');
    const name = (partial.name as hbs.AST.PathExpression).original;
    if (!blocks.has(name)) fail(partial, `{{> ${name}}} names no locked block of this version (only published locked blocks can be included)`);
    if (partial.params.length > 0 || (partial.hash?.pairs.length ?? 0) > 0) fail(partial, `{{> ${name}}} passes arguments; a locked block reads the document's data itself`);
    if (scopes.length > 1) fail(partial, `{{> ${name}}} stands inside {{#each}} or {{#with}}; a locked block reads the root of the data`);
  };

  const visitProgram = (program: hbs.AST.Program): void => program.body.forEach(visitStatement);

  visitProgram(program);
  return sites;
}

function syntaxErrorPosition(handlebars: typeof Handlebars, error: unknown): string {
  const { lineNumber, column } = error as { lineNumber?: unknown; column?: unknown };
  if (typeof lineNumber === 'number' && typeof column === 'number') return `at line ${lineNumber}, column ${column + 1}`;
  // The parser throws a bare Error; the lexer still holds the offending token's position.
  const location = (handlebars as unknown as { Parser?: { lexer?: { yylloc?: { first_line: number; first_column: number } } } })
    .Parser?.lexer?.yylloc;
  if (location) return `at line ${location.first_line}, column ${location.first_column + 1}`;
  const line = /on line (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
  return line ? `on line ${line}` : '';
}

function lastLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // Handlebars' own structural errors ("each doesn't match with - 1:3") end with their position.
  return message.split('\n').pop()!.replace(/ - \d+:\d+$/, '');
}
