import Handlebars from 'handlebars';
import { DomainError } from '@app/kernel';
import { seededRandom } from '../../../test/support/seeded-random';
import { EN_US, mergeTestContext } from '../../../test/support/merge-test-context';
import { EscapeMode, MergeEngine, MergeEnv } from './merge-engine';
import type { MergeContext } from './merge-context';
import { MessageCatalog } from './message-catalog';

/*
 * Differential test: the merge engine must render every template the source
 * guard accepts exactly as Handlebars does (strict mode, only the built-in
 * block helpers and `eq`), and fail with a DomainError wherever Handlebars
 * throws; with one deliberate exception, the unescaped addition of numbers and
 * booleans (see withoutNumericAddition), which the reference is rid of. It
 * guards the control flow of the engine (if/unless/each/with, sections, `../`,
 * `@` variables, block parameters, whitespace control, escaping) against its
 * reference, whatever runs underneath.
 *
 * Every generated case has its own seed. A failure prints the seed, a shrunk
 * template and context, and the original ones; rerun one case with
 *   MERGE_DIFF_SEED=<seed> MERGE_DIFF_CASES=1 jest libs/templating/src/merge-engine.differential.spec.ts
 * MERGE_DIFF_SEED alone moves the whole run to other cases.
 */

const engine = new MergeEngine();
const env: MergeEnv = { catalog: new MessageCatalog('en', {}), channel: 'email' };

// ---------------------------------------------------------------------------
// Reference: Handlebars, configured as the engine promises to behave, less one quirk.

const reference = Handlebars.create();
reference.registerHelper('eq', (a: unknown, b: unknown) => a === b);

const REFERENCE_KNOWN_HELPERS: Record<string, boolean> = { if: true, unless: true, each: true, with: true, eq: true };
const REFERENCE_RUNTIME = { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false };

type Outcome = { readonly output: string } | { readonly error: unknown };

/*
 * The one Handlebars behaviour the engine deliberately does not share: a compiled
 * program returns its parts joined with JavaScript `+`, and a part printed without
 * escaping is the value itself, so numbers and booleans that come before any text add
 * up instead of being joined (`{{n}}{{b}}` with 1 and 2 gives "3", `{{flag}}{{& flag}}`
 * with false gives "0"). It happens wherever a program starts with an unescaped value:
 * everywhere in escape 'none' (and with `{{{ }}}` or `{{& }}` in escape 'html', which the
 * engine's guard refuses).
 *
 * The reference loses it by starting every program (the template, and the program and
 * inverse of every block) with a mustache that prints an empty string: the sum then
 * starts with a string, and `+` joins every part as text. `{{lookup ""}}` is that
 * mustache: the built-in `lookup` helper (known by default, so allowed with
 * knownHelpersOnly) returns its falsy first argument as it is. `{{""}}` would not do:
 * Handlebars compiles a literal in that place as a lookup of the property "" on the
 * context. A chained `{{else if}}` program is left as it is: its only statement is the
 * chained block, whose programs get the mustache, and Handlebars' whitespace control
 * expects that block first.
 *
 * Handlebars runs its whitespace control (standalone lines, `~`) again on an AST given
 * to compile; with `ignoreStandalone` that second pass only repeats the `~` strips, which
 * the first pass (in `parse`) has already done, so it changes nothing. The inserted
 * mustaches come after the first pass, so they cannot change what it strips.
 */
function withoutNumericAddition(program: hbs.AST.Program): hbs.AST.Program {
  if (!(program as { chained?: boolean }).chained) program.body.unshift(reference.parse('{{lookup ""}}').body[0]);
  for (const statement of program.body) {
    if (statement.type !== 'BlockStatement') continue;
    const block = statement as hbs.AST.BlockStatement;
    if (block.program) withoutNumericAddition(block.program);
    if (block.inverse) withoutNumericAddition(block.inverse);
  }
  return program;
}

/** Handlebars' outcome; `quirk: 'numeric-addition'` for plain Handlebars, with the quirk above. */
function referenceRender(source: string, context: unknown, escape: EscapeMode, { quirk }: { quirk?: 'numeric-addition' } = {}): Outcome {
  try {
    const options = {
      strict: true,
      knownHelpers: REFERENCE_KNOWN_HELPERS,
      knownHelpersOnly: true,
      noEscape: escape === 'none',
    };
    const render = quirk
      ? reference.compile(source, options)
      : reference.compile(withoutNumericAddition(reference.parse(source)), { ...options, ignoreStandalone: true });
    return { output: render(context, REFERENCE_RUNTIME) };
  } catch (error) {
    return { error };
  }
}

/** The engine's outcome, or `skipped` when it refuses the template (the guard's choice, not a merge result). */
function subjectRender(source: string, context: MergeContext, escape: EscapeMode): Outcome | 'skipped' {
  let render: ReturnType<MergeEngine['compile']>;
  try {
    render = engine.compile(source, { escape });
  } catch (error) {
    if (error instanceof DomainError && error.code === 'template_invalid') return 'skipped';
    return { error };
  }
  try {
    return { output: render(context, env) };
  } catch (error) {
    return { error };
  }
}

function describeOutcome(outcome: Outcome): string {
  if ('output' in outcome) return `renders ${JSON.stringify(outcome.output)}`;
  const error = outcome.error;
  if (error instanceof DomainError) return `throws DomainError(${error.code}): ${error.message}`;
  if (error instanceof Error) return `throws ${error.constructor.name}: ${error.message}`;
  return `throws ${String(error)}`;
}

/** Why the engine's outcome is not Handlebars' outcome, or null when it matches. */
function difference(expected: Outcome, actual: Outcome): string | null {
  if ('output' in expected) {
    if ('output' in actual && actual.output === expected.output) return null;
  } else if ('error' in actual && actual.error instanceof DomainError) {
    return null;
  }
  return `Handlebars ${describeOutcome(expected)}\nMergeEngine ${describeOutcome(actual)}`;
}

function context(data: Record<string, unknown>): MergeContext {
  return mergeTestContext(EN_US, data);
}

// ---------------------------------------------------------------------------
// Seeded randomness.

class Random {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = seededRandom(seed);
  }

  int(bound: number): number {
    return Math.floor(this.next() * bound);
  }

  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** One of `[weight, value]` pairs, in proportion to the weights. */
  weighted<T>(choices: ReadonlyArray<readonly [number, T]>): T {
    let roll = this.next() * choices.reduce((sum, [weight]) => sum + weight, 0);
    for (const [weight, value] of choices) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return choices[choices.length - 1][1];
  }
}

// ---------------------------------------------------------------------------
// Templates: a small tree, rendered to source, so a failing case can be shrunk.

const KEYS = ['a', 'b', 'c', 'items', 'name', 'n', 'flag', 'list', 'obj'] as const;

/** Literal text: HTML specials, whitespace that makes block tags standalone, non-ASCII. Never `{`, `}` or `\`. */
const TEXT = [
  'Hi', 'x', ' ', '  ', '\n', '\n', '  \n', '\n  ', '\r\n', '<b>', '</b>', '&amp;', '&', '"', "'", '`', '=', '<', '>',
  'a=`b`', 'مرحبا', '你好', '😀', ', ', ';', '|',
] as const;

/** Literal arguments, chosen to sometimes equal the generated data. */
const LITERALS = ['"x"', '""', '"0"', '"Layla"', "'x'", '"مرحبا بالعالم"', '0', '1', '-1', '1.5', 'true', 'false', 'null', 'undefined'] as const;

type Strip = readonly [boolean, boolean];

type TemplateNode =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'comment'; readonly text: string }
  | { readonly kind: 'print'; readonly expr: string; readonly raw: 'escaped' | 'triple' | 'ampersand'; readonly strip: Strip }
  | Block;

interface Block {
  readonly kind: 'block';
  /** First branch: head is the opening tag (`#if a`); others: `else`, `else if b`, ... */
  readonly branches: readonly Branch[];
  readonly close: string;
  readonly closeStrip: Strip;
}

interface Branch {
  readonly head: string;
  readonly strip: Strip;
  readonly body: readonly TemplateNode[];
}

function tag(inside: string, [left, right]: Strip): string {
  return `{{${left ? '~' : ''}${inside}${right ? '~' : ''}}}`;
}

function renderTemplate(nodes: readonly TemplateNode[]): string {
  return nodes
    .map((node) => {
      switch (node.kind) {
        case 'text':
          return node.text;
        case 'comment':
          return `{{!${node.text}}}`;
        case 'print':
          if (node.raw === 'triple') return tag(`{${node.expr}}`, node.strip);
          return tag(node.raw === 'ampersand' ? `& ${node.expr}` : node.expr, node.strip);
        case 'block':
          return (
            node.branches.map((branch) => tag(branch.head, branch.strip) + renderTemplate(branch.body)).join('') +
            tag(`/${node.close}`, node.closeStrip)
          );
      }
    })
    .join('');
}

/** What a position in the template can refer to. */
interface Scope {
  /** Enclosing blocks that change the context (each, with, sections): how far `../` may go. */
  readonly contexts: number;
  /** Enclosing `#each` blocks: where `@index` and friends mean something. */
  readonly loops: number;
  readonly items: readonly string[];
  readonly indexes: readonly string[];
  readonly blocks: number;
}

const ROOT_SCOPE: Scope = { contexts: 0, loops: 0, items: [], indexes: [], blocks: 0 };

class TemplateGenerator {
  constructor(
    private readonly random: Random,
    private readonly escape: EscapeMode,
  ) {}

  program(): TemplateNode[] {
    return this.nodes(ROOT_SCOPE, this.random.between(1, 6));
  }

  private nodes(scope: Scope, count: number): TemplateNode[] {
    return Array.from({ length: count }, () => this.node(scope));
  }

  private node(scope: Scope): TemplateNode {
    const r = this.random;
    const blockWeight = scope.blocks >= 3 ? 0 : 4 - scope.blocks;
    const kind = r.weighted([
      [4, 'text'],
      [4, 'print'],
      [0.3, 'comment'],
      [blockWeight, 'block'],
    ] as const);
    if (kind === 'text') return { kind, text: this.text() };
    if (kind === 'comment') return { kind, text: r.pick([' note ', '-- a {{x}} --', '']) };
    if (kind === 'print') {
      const raw = this.escape === 'none' ? r.weighted([[6, 'escaped'], [2, 'triple'], [1, 'ampersand']] as const) : 'escaped';
      return { kind, expr: this.value(scope), raw, strip: this.strip() };
    }
    return this.block(scope);
  }

  private text(): string {
    return Array.from({ length: this.random.between(1, 3) }, () => this.random.pick(TEXT)).join('');
  }

  private strip(): Strip {
    return [this.random.chance(0.15), this.random.chance(0.15)];
  }

  private body(scope: Scope): TemplateNode[] {
    return this.nodes(scope, this.random.between(scope.blocks >= 3 ? 1 : 0, 3));
  }

  private block(scope: Scope): Block {
    const r = this.random;
    const inner: Scope = { ...scope, blocks: scope.blocks + 1 };
    const changed: Scope = { ...inner, contexts: inner.contexts + 1 };
    const kind = r.weighted([
      [4, 'if'],
      [1.5, 'unless'],
      [3, 'each'],
      [2, 'with'],
      [2, 'section'],
      [1, 'inverted'],
    ] as const);
    const branches: Branch[] = [];
    let close: string;

    switch (kind) {
      case 'if':
      case 'unless': {
        branches.push({ head: `#${kind} ${this.condition(scope)}${this.includeZero()}`, strip: this.strip(), body: this.body(inner) });
        if (kind === 'if') {
          while (r.chance(0.3)) branches.push(this.chained(scope, inner));
        }
        close = kind;
        break;
      }
      case 'each': {
        const [item, index] = r.pick([['item', 'i'], ['row', 'j']] as const);
        const params = r.weighted([[3, 0], [1, 1], [2, 2]] as const);
        const as = params === 0 ? '' : params === 1 ? ` as |${item}|` : ` as |${item} ${index}|`;
        const body: Scope = {
          ...changed,
          loops: changed.loops + 1,
          items: params > 0 ? [...scope.items, item] : scope.items,
          indexes: params > 1 ? [...scope.indexes, index] : scope.indexes,
        };
        branches.push({ head: `#each ${this.target(scope)}${as}`, strip: this.strip(), body: this.body(body) });
        close = 'each';
        break;
      }
      case 'with': {
        const as = r.chance(0.25);
        const body: Scope = as ? { ...changed, items: [...scope.items, 'item'] } : changed;
        branches.push({ head: `#with ${this.target(scope)}${as ? ' as |item|' : ''}`, strip: this.strip(), body: this.body(body) });
        close = 'with';
        break;
      }
      case 'section':
      case 'inverted': {
        close = this.sectionName(scope);
        // A section over an array iterates it; over an object or `true` it may or may not change the context.
        const body = kind === 'section' ? { ...changed, loops: changed.loops + 1 } : inner;
        branches.push({ head: `${kind === 'section' ? '#' : '^'}${close}`, strip: this.strip(), body: this.body(body) });
        break;
      }
    }
    if (r.chance(0.4)) {
      // The inverse runs in the block's own context.
      branches.push({ head: r.chance(0.9) ? 'else' : '^', strip: this.strip(), body: this.body(inner) });
    }
    return { kind: 'block', branches, close, closeStrip: this.strip() };
  }

  private chained(scope: Scope, inner: Scope): Branch {
    const helper = this.random.weighted([[6, 'if'], [1, 'unless'], [1, 'with']] as const);
    const body = helper === 'with' ? { ...inner, contexts: inner.contexts + 1 } : inner;
    const argument = helper === 'with' ? this.target(scope) : this.condition(scope);
    return { head: `else ${helper} ${argument}`, strip: this.strip(), body: this.body(body) };
  }

  private includeZero(): string {
    return this.random.chance(0.05) ? ` includeZero=${this.random.pick(['true', 'false'])}` : '';
  }

  /** A path of 1 to 3 segments from the vocabulary; a longer one mostly goes through `obj`, so it often resolves. */
  private path(): string {
    const length = this.random.weighted([[7, 1], [3, 2], [1, 3]] as const);
    return Array.from({ length }, (_, index) =>
      index < length - 1 && this.random.chance(0.6) ? 'obj' : this.random.pick(KEYS),
    ).join('.');
  }

  /** Something to print. */
  private value(scope: Scope): string {
    const r = this.random;
    const choice = r.weighted([
      [10, 'path'],
      [1, 'this'],
      [1, 'this.path'],
      [scope.contexts > 0 ? 3 : 0, 'parent'],
      [scope.loops > 0 ? 3 : 0.3, 'data'],
      [scope.loops > 0 && scope.contexts > 0 ? 1 : 0, 'parentData'],
      [1, 'root'],
      [scope.items.length > 0 ? 3 : 0, 'item'],
      [scope.indexes.length > 0 ? 1.5 : 0, 'index'],
    ] as const);
    switch (choice) {
      case 'path':
        return this.path();
      case 'this':
        return 'this';
      case 'this.path':
        return `this.${this.path()}`;
      case 'parent':
        return `${'../'.repeat(r.between(1, Math.min(scope.contexts, 2)))}${r.chance(0.1) ? 'this' : this.path()}`;
      case 'data':
        return `@${r.pick(['index', 'first', 'last', 'key'])}`;
      case 'parentData':
        return `@../${r.pick(['index', 'first', 'last', 'key'])}`;
      case 'root':
        return r.chance(0.1) ? '@root' : `@root.${this.path()}`;
      case 'item': {
        const item = r.pick(scope.items);
        return r.chance(0.4) ? item : `${item}.${this.path()}`;
      }
      case 'index':
        return r.pick(scope.indexes);
    }
  }

  /** The argument of `#each` and `#with`. */
  private target(scope: Scope): string {
    return this.random.chance(0.05) ? this.random.pick(LITERALS) : this.value(scope);
  }

  /** The argument of `#if` and `#unless`. */
  private condition(scope: Scope): string {
    const r = this.random;
    const choice = r.weighted([[10, 'value'], [1, 'literal'], [3, 'eq']] as const);
    if (choice === 'value') return this.value(scope);
    if (choice === 'literal') return r.pick(LITERALS);
    const operand = () => (r.chance(0.4) ? r.pick(LITERALS) : this.value(scope));
    return `(eq ${this.value(scope)} ${operand()})`;
  }

  /** The name of a plain or inverted section: a path (the closing tag repeats it). */
  private sectionName(scope: Scope): string {
    const r = this.random;
    if (scope.contexts > 0 && r.chance(0.15)) return `../${this.path()}`;
    if (scope.items.length > 0 && r.chance(0.2)) return r.pick(scope.items);
    return r.chance(0.8) ? r.pick(KEYS) : this.path();
  }
}

// ---------------------------------------------------------------------------
// Contexts.

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const STRINGS = [
  '', 'x', 'Layla', '0', 'false', ' ', '<script>alert(1)</script>', 'A & B "quoted" \'single\'', '`tick` = eq',
  'مرحبا بالعالم', '你好', '😀 emoji', '{{name}}',
] as const;
const NUMBERS = [0, -1, 1.5, 1, 42] as const;

class ContextGenerator {
  constructor(private readonly random: Random) {}

  root(): Record<string, Json> {
    return this.object(0, 0.85);
  }

  private object(depth: number, presence: number): { [key: string]: Json } {
    const object: { [key: string]: Json } = {};
    for (const key of KEYS) {
      if (this.random.chance(presence)) object[key] = this.value(key, depth);
    }
    return object;
  }

  /** Mostly the type a key's name suggests, so paths reach deep; otherwise anything. */
  private value(key: string, depth: number): Json {
    const r = this.random;
    if (r.chance(0.65)) {
      if (key === 'flag') return r.chance(0.5);
      if (key === 'n') return r.pick(NUMBERS);
      if (key === 'name' || key === 'a' || key === 'b' || key === 'c') return r.pick(STRINGS);
      if ((key === 'items' || key === 'list') && depth < 2) return this.objects(depth);
      if (key === 'obj' && depth < 2) return this.object(depth + 1, 0.8);
    }
    return this.any(depth);
  }

  private any(depth: number): Json {
    const r = this.random;
    const nested = depth < 2 ? 1 : 0;
    const kind = r.weighted([
      [4, 'string'],
      [3, 'number'],
      [2, 'boolean'],
      [1, 'null'],
      [1, 'empty'],
      [3 * nested, 'objects'],
      [1.5 * nested, 'primitives'],
      [2 * nested, 'object'],
      [0.5 * nested, 'emptyObject'],
    ] as const);
    switch (kind) {
      case 'string':
        return r.pick(STRINGS);
      case 'number':
        return r.pick(NUMBERS);
      case 'boolean':
        return r.chance(0.5);
      case 'null':
        return null;
      case 'empty':
        return [];
      case 'objects':
        return this.objects(depth);
      case 'primitives':
        return Array.from({ length: r.between(1, 3) }, () => r.pick<Json>([...STRINGS, ...NUMBERS, true, false, null]));
      case 'object':
        return this.object(depth + 1, 0.8);
      case 'emptyObject':
        return {};
    }
  }

  private objects(depth: number): Json[] {
    return Array.from({ length: this.random.between(0, 3) }, () => this.object(depth + 1, 0.8));
  }
}

// ---------------------------------------------------------------------------
// Cases, checks and shrinking.

interface Case {
  readonly seed: number;
  readonly escape: EscapeMode;
  readonly template: readonly TemplateNode[];
  readonly data: Record<string, Json>;
}

function generateCase(seed: number): Case {
  const random = new Random(seed);
  const escape: EscapeMode = random.chance(0.5) ? 'html' : 'none';
  const template = new TemplateGenerator(random, escape).program();
  return { seed, escape, template, data: new ContextGenerator(random).root() };
}

type Verdict = { readonly skipped: true } | { readonly skipped: false; readonly rendered: boolean; readonly difference: string | null };

function check({ escape, template, data }: Pick<Case, 'escape' | 'template' | 'data'>): Verdict {
  const source = renderTemplate(template);
  const actual = subjectRender(source, context(data), escape);
  if (actual === 'skipped') return { skipped: true };
  // Each side gets its own copy, so neither can see what the other may have done to the data.
  const expected = referenceRender(source, context(structuredClone(data)), escape);
  return { skipped: false, rendered: 'output' in expected, difference: difference(expected, actual) };
}

function fails(candidate: Pick<Case, 'escape' | 'template' | 'data'>): boolean {
  const verdict = check(candidate);
  return !verdict.skipped && verdict.difference !== null;
}

/** Smaller templates: a node removed, a block replaced by one of its branches, an else dropped, a tilde removed. */
function* smallerTemplates(nodes: readonly TemplateNode[]): Generator<TemplateNode[]> {
  for (let i = 0; i < nodes.length; i++) {
    const before = nodes.slice(0, i);
    const after = nodes.slice(i + 1);
    yield [...before, ...after];
    const node = nodes[i];
    if (node.kind === 'block') {
      for (const branch of node.branches) yield [...before, ...branch.body, ...after];
      for (let b = 1; b < node.branches.length; b++) {
        yield [...before, { ...node, branches: node.branches.filter((_, index) => index !== b) }, ...after];
      }
      for (let b = 0; b < node.branches.length; b++) {
        for (const body of smallerTemplates(node.branches[b].body)) {
          const branches = node.branches.map((branch, index) => (index === b ? { ...branch, body } : branch));
          yield [...before, { ...node, branches }, ...after];
        }
      }
      const plain: Strip = [false, false];
      if (node.branches.some((branch) => branch.strip[0] || branch.strip[1]) || node.closeStrip[0] || node.closeStrip[1]) {
        yield [...before, { ...node, branches: node.branches.map((branch) => ({ ...branch, strip: plain })), closeStrip: plain }, ...after];
      }
    } else if (node.kind === 'print' && (node.strip[0] || node.strip[1])) {
      yield [...before, { ...node, strip: [false, false] }, ...after];
    } else if (node.kind === 'text' && node.text.length > 1) {
      yield [...before, { kind: 'text', text: node.text.slice(1) }, ...after];
      yield [...before, { kind: 'text', text: node.text.slice(0, -1) }, ...after];
    }
  }
}

/** Smaller data: a key or an item removed, a nested value replaced by something simpler. */
function* smallerValues(value: Json): Generator<Json> {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield value.filter((_, index) => index !== i);
    for (let i = 0; i < value.length; i++) {
      for (const item of smallerValues(value[i])) yield value.map((old, index) => (index === i ? item : old));
    }
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      const { [key]: _removed, ...rest } = value;
      yield rest;
    }
    for (const key of Object.keys(value)) {
      if (value[key] !== null && typeof value[key] === 'object') yield { ...value, [key]: 'x' };
      for (const item of smallerValues(value[key])) yield { ...value, [key]: item };
    }
  }
}

/** Greedy shrinking: keep any smaller case that still shows a difference. */
function shrink(failing: Case): Case {
  let current = failing;
  let budget = 3000;
  let progress = true;
  while (progress && budget > 0) {
    progress = false;
    for (const template of smallerTemplates(current.template)) {
      if (--budget <= 0) break;
      if (fails({ ...current, template })) {
        current = { ...current, template };
        progress = true;
        break;
      }
    }
    if (progress) continue;
    for (const data of smallerValues(current.data)) {
      if (--budget <= 0) break;
      if (fails({ ...current, data: data as Record<string, Json> })) {
        current = { ...current, data: data as Record<string, Json> };
        progress = true;
        break;
      }
    }
  }
  return current;
}

function report(failing: Case, total: number, count: number): string {
  const minimal = shrink(failing);
  const show = (shown: Case) => {
    const verdict = check(shown);
    return [
      `  escape:   ${shown.escape}`,
      `  template: ${JSON.stringify(renderTemplate(shown.template))}`,
      `  context:  ${JSON.stringify(shown.data)} (plus recipient, document, locale, actions)`,
      ...(!verdict.skipped && verdict.difference ? verdict.difference.split('\n').map((line) => `  ${line}`) : []),
    ].join('\n');
  };
  return [
    `${count} of ${total} generated cases differ from Handlebars. First: seed ${failing.seed}`,
    `(rerun: MERGE_DIFF_SEED=${failing.seed} MERGE_DIFF_CASES=1)`,
    'Shrunk:',
    show(minimal),
    'As generated:',
    show(failing),
  ].join('\n');
}

const BASE_SEED = process.env.MERGE_DIFF_SEED ? Number(process.env.MERGE_DIFF_SEED) >>> 0 : 0x5eed2025;
const CASES = process.env.MERGE_DIFF_CASES ? Number(process.env.MERGE_DIFF_CASES) : 1500;

/** Case k's own seed; case 0 is the base seed itself, so one failing case reruns alone. */
function caseSeed(k: number): number {
  return (BASE_SEED + Math.imul(k, 0x9e3779b9)) >>> 0;
}

interface Run {
  readonly total: number;
  readonly skipped: number;
  readonly rendered: number;
  readonly failures: readonly Case[];
  /** Cases in escape 'html', where the numeric addition cannot show, that the reference renders unlike plain Handlebars. */
  readonly referenceChanged: readonly Case[];
}

/** Whether the reference renders a case as plain Handlebars does. */
function referenceIsPlain({ escape, template, data }: Pick<Case, 'escape' | 'template' | 'data'>): boolean {
  const source = renderTemplate(template);
  const reference = referenceRender(source, context(structuredClone(data)), escape);
  const plain = referenceRender(source, context(structuredClone(data)), escape, { quirk: 'numeric-addition' });
  return describeOutcome(reference) === describeOutcome(plain);
}

function runCases(): Run {
  let skipped = 0;
  let rendered = 0;
  const failures: Case[] = [];
  const referenceChanged: Case[] = [];
  for (let k = 0; k < CASES; k++) {
    const testCase = generateCase(caseSeed(k));
    // The generator prints nothing unescaped in escape 'html', so there the reference must be plain Handlebars.
    if (testCase.escape === 'html' && !referenceIsPlain(testCase)) referenceChanged.push(testCase);
    const verdict = check(testCase);
    if (verdict.skipped) {
      skipped++;
      continue;
    }
    if (verdict.rendered) rendered++;
    if (verdict.difference !== null) failures.push(testCase);
  }
  return { total: CASES, skipped, rendered, failures, referenceChanged };
}

// ---------------------------------------------------------------------------

/** Renders with both and expects the engine to match Handlebars, and Handlebars to do what the name says. */
function expectSame(source: string, data: Record<string, unknown>, expected: string, escape: EscapeMode = 'none'): void {
  const subject = subjectRender(source, context(data), escape);
  const handlebars = referenceRender(source, context(structuredClone(data)), escape);
  expect(subject).not.toBe('skipped');
  expect(handlebars).toEqual({ output: expected });
  expect(subject).toEqual(handlebars);
}

/** Expects Handlebars to throw, and the engine to throw a DomainError. */
function expectSameFailure(source: string, data: Record<string, unknown>, escape: EscapeMode = 'none'): void {
  const subject = subjectRender(source, context(data), escape);
  const handlebars = referenceRender(source, context(structuredClone(data)), escape);
  expect(subject).not.toBe('skipped');
  expect(handlebars).toHaveProperty('error');
  expect(subject).toEqual({ error: expect.any(DomainError) });
}

describe('MergeEngine renders like Handlebars', () => {
  describe('documented semantics', () => {
    it('treats 0 as false in {{#if}} but renders {{#with 0}}', () => {
      expectSame('{{#if n}}yes{{else}}no{{/if}} {{#with n}}[{{this}}]{{else}}none{{/with}}', { n: 0 }, 'no [0]');
      expectSame('{{#if 0}}yes{{else}}no{{/if}} {{#with 0}}[{{this}}]{{/with}}', {}, 'no [0]');
      expectSame('{{#if n includeZero=true}}yes{{/if}}', { n: 0 }, 'yes');
    });

    it('treats an empty array as false in {{#if}} and renders the {{else}} of {{#each}}', () => {
      expectSame('{{#if list}}some{{else}}none{{/if}}|{{#each list}}x{{else}}empty{{/each}}', { list: [] }, 'none|empty');
      expectSame('{{#unless list}}none{{/unless}}|{{^list}}inverted{{/list}}', { list: [] }, 'none|inverted');
    });

    it('gives @key, @index, @first and @last over an object in {{#each}}', () => {
      expectSame(
        '{{#each obj}}{{@index}}:{{@key}}={{this}}{{#if @first}} first{{/if}}{{#if @last}} last{{/if}};{{/each}}',
        { obj: { a: 'x', b: 'y', c: 'z' } },
        '0:a=x first;1:b=y;2:c=z last;',
      );
      expectSame('{{#each list}}{{@key}} {{@index}} {{@first}} {{@last}};{{/each}}', { list: ['p', 'q'] }, '0 0 true false;1 1 false true;');
    });

    it('keeps the context in {{#if}}: ../ inside it means what it means outside it', () => {
      expectSame(
        '{{#with obj}}{{#if flag}}{{../name}}{{/if}}|{{../name}}|{{#unless n}}{{../name}}{{/unless}}{{/with}}',
        { name: 'root', obj: { flag: true, n: 0, name: 'inner' } },
        'root|root|root',
      );
      expectSame('{{#each list}}{{#if this}}{{../name}}{{/if}};{{/each}}', { name: 'R', list: [1, 2] }, 'R;R;');
    });

    it('changes the context in a plain section over an object, iterates one over an array and keeps it over true', () => {
      const data = { name: 'root', obj: { name: 'inner' }, list: [{ name: 'p' }, { name: 'q' }], flag: true };
      expectSame('{{#obj}}{{name}}{{/obj}}', data, 'inner');
      expectSame('{{#list}}{{@index}}{{name}},{{/list}}', data, '0p,1q,');
      expectSame('{{#flag}}{{name}}{{/flag}}', data, 'root');
      expectSame('{{^flag}}no{{else}}yes{{/flag}}', data, 'yes');
    });

    it('numbers {{@index}} per loop in nested {{#each}}, with @../index reaching the outer loop', () => {
      expectSame(
        '{{#each list}}{{#each items}}{{@../index}}.{{@index}} {{/each}}|{{/each}}',
        { list: [{ items: ['a', 'b'] }, { items: ['c'] }] },
        '0.0 0.1 |1.0 |',
      );
    });

    it('reads {{@root}} from deep inside blocks', () => {
      expectSame(
        '{{#each list}}{{#with obj}}{{#if flag}}{{@root.name}}/{{@root.recipient.name}}{{/if}}{{/with}}{{/each}}',
        { name: 'R', list: [{ obj: { flag: true, name: 'inner' } }] },
        'R/Layla',
      );
    });

    it('prints false as "false", null as nothing, an object as [object Object] and an array joined with commas', () => {
      const data = { flag: false, a: null, obj: { x: 1 }, list: ['p', 1, true], n: 0, b: 1.5, c: -1 };
      const source = '{{flag}}|{{a}}|{{obj}}|{{list}}|{{n}}|{{b}}|{{c}}';
      expectSame(source, data, 'false||[object Object]|p,1,true|0|1.5|-1');
      expectSame(source, data, 'false||[object Object]|p,1,true|0|1.5|-1', 'html');
    });

    it('counts @../ in data frames as plain Handlebars does: only #each (and a section over an array) adds one', () => {
      // As plain Handlebars (without trackIds): #with, #if and a section over an object or a string add
      // no @ frame, and the root has no extra one.
      const data = { list: [{ items: [{ obj: {} }, { obj: {} }] }, { items: [{ obj: {} }] }] };
      expectSame('{{#each list}}{{#each items}}{{@../index}},{{/each}}|{{/each}}', data, '0,0,|1,|');
      // Inside #with the frame above is still the outer loop's, not the inner one's; plain Handlebars
      // itself (not only the reference) says so.
      const withInLoops = '{{#each list}}{{#each items}}{{#with obj}}{{@../index}}{{/with}},{{/each}}|{{/each}}';
      expectSame(withInLoops, data, '0,0,|1,|');
      expect(referenceRender(withInLoops, context(data), 'none', { quirk: 'numeric-addition' })).toEqual({ output: '0,0,|1,|' });
      // One loop deep, @../ inside #with goes above the loop: Handlebars fails, so must the engine.
      expectSameFailure('{{#each list}}{{#with this}}{{@../index}}{{/with}}{{/each}}', data);
    });

    it('joins numbers and booleans as text where Handlebars, unescaped, adds them up', () => {
      // Not Handlebars' behaviour, on purpose. Without escaping, a Handlebars program's output is a
      // JavaScript + of its parts, so values that come before any text (a comment, or whitespace
      // stripped by ~, is no text) add up: 1 and 2 make "3", false and false make "0". That would
      // corrupt the text of an SMS or a subject (a price next to a quantity, a flag next to a flag),
      // so the engine always joins printed values as text. The reference here does the same (see
      // withoutNumericAddition); plain Handlebars still adds them up:
      expect(referenceRender('{{n}}{{b}}', context({ n: 1, b: 2 }), 'none', { quirk: 'numeric-addition' })).toEqual({ output: '3' });
      const data = { n: 1, b: 2, flag: true, a: null, list: [1, 2] };
      const cases: Array<[string, string]> = [
        ['{{n}}{{b}}', '12'],
        ['{{n}}{{! note }}{{b}}', '12'],
        ['{{n}} {{~b}}', '12'],
        ['{{flag}}{{n}}', 'true1'],
        ['{{a}}{{n}}{{b}}', '12'],
        ['{{n}} {{b}}', '1 2'],
        ['x{{n}}{{b}}', 'x12'],
        ['{{#if flag}}{{n}}{{b}}{{/if}}!', '12!'],
        ['{{#if a}}x{{else if flag}}{{n}}{{b}}{{/if}}', '12'],
        ['{{#each list}}{{this}}{{this}}{{/each}}', '1122'],
      ];
      for (const [source, expected] of cases) expectSame(source, data, expected);
      expectSame('{{flag}}{{& flag}}', { flag: false }, 'falsefalse');
      expectSame('{{{b}}}{{{n}}}', { b: 42, n: 0 }, '420');
      expectSame('{{n}}{{b}}', data, '12', 'html');
    });

    it('escapes HTML specials in html mode only', () => {
      const data = { name: '<a href="x">\'&`=</a>' };
      expectSame('{{name}}', data, '&lt;a href&#x3D;&quot;x&quot;&gt;&#x27;&amp;&#x60;&#x3D;&lt;/a&gt;', 'html');
      expectSame('{{name}}|{{{name}}}', data, '<a href="x">\'&`=</a>|<a href="x">\'&`=</a>');
    });

    it('strips standalone block lines and whitespace next to ~', () => {
      expectSame('<ul>\n  {{#each list}}\n  <li>{{this}}</li>\n  {{/each}}\n</ul>', { list: ['a', 'b'] }, '<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>');
      expectSame('a  {{~#if flag~}}  b  {{~/if~}}  c', { flag: true }, 'abc');
    });

    it('fails, as Handlebars does, when a printed value is missing or read from a missing object', () => {
      expectSameFailure('{{obj.a}}', { obj: {} });
      expectSameFailure('{{#if obj.a.b}}x{{/if}}', { obj: {} });
      expectSameFailure('{{#each list}}{{name}}{{/each}}', { list: [{ name: 'p' }, {}] }, 'html');
      // A helper argument's last segment is read leniently: absent is simply false.
      expectSame('{{#if obj.a}}x{{else}}none{{/if}}', { obj: {} }, 'none');
    });
  });

  describe(`${CASES} generated templates (seed ${BASE_SEED})`, () => {
    let run: Run;

    beforeAll(() => {
      run = runCases();
    });

    it('renders each exactly as Handlebars does, and throws a DomainError wherever Handlebars throws', () => {
      if (run.failures.length > 0) throw new Error(report(run.failures[0], run.total, run.failures.length));
    });

    it('checks against plain Handlebars, but for the numeric addition: the reference renders every escape html case as it does', () => {
      const changed = run.referenceChanged[0];
      if (changed) {
        const source = renderTemplate(changed.template);
        const data = context(changed.data);
        throw new Error(
          [
            `${run.referenceChanged.length} escape html cases render otherwise without the numeric addition. First: seed ${changed.seed}`,
            `  template: ${JSON.stringify(source)}`,
            `  context:  ${JSON.stringify(changed.data)} (plus recipient, document, locale, actions)`,
            `  plain Handlebars ${describeOutcome(referenceRender(source, structuredClone(data), 'html', { quirk: 'numeric-addition' }))}`,
            `  reference        ${describeOutcome(referenceRender(source, structuredClone(data), 'html'))}`,
          ].join('\n'),
        );
      }
    });

    // Meaningless for a handful of cases, as when one seed is rerun alone.
    (CASES >= 100 ? it : it.skip)('exercises the engine: under 20% refused by the guard, and a good share of the rest rendered', () => {
      expect(run.skipped / run.total).toBeLessThan(0.2);
      expect(run.rendered / (run.total - run.skipped)).toBeGreaterThan(0.3);
    });
  });
});
