import { DomainError } from '@app/kernel';

/**
 * How deep and how large a template may be. Handlebars' parser, and every walk
 * over the tree it builds, grow faster than linearly with nesting (2,000
 * nested `{{#if}}` take about a second to parse, 5,000 minutes), and the
 * 200,000-character limit on a source does not bound nesting. Real templates
 * nest a handful of levels and use a few hundred tags; these limits are far
 * above that and far below where the cost shows.
 */
export const TEMPLATE_LIMITS = {
  /** `{{#…}}` / `{{^…}}` blocks open at once, each `{{else if …}}` of a chain counting as one more. */
  blockDepth: 40,
  /** `(` subexpressions inside one another in a single tag. */
  subexpressionDepth: 16,
  /**
   * Tags (`{{…}}`, comments aside) and subexpressions in one source: the size
   * of the tree a parse builds. The largest built-in source has about 70.
   */
  expressions: 2_000,
} as const;

/**
 * Checks a source against `TEMPLATE_LIMITS` with one linear scan, before
 * Handlebars parses it: the parse itself is what a hostile source makes slow.
 * The scan reads tags the way Handlebars' lexer does where it matters for
 * counting (comments, `\{{` escapes, string literals that contain `}}` or
 * parentheses); it never decides whether a template is valid, the parser and
 * the guard do. Throws `template_invalid` naming the limit and where it was passed.
 */
export function assertWithinTemplateLimits(source: string): void {
  const blocks: number[] = [];
  let depth = 0;
  let expressions = 0;
  let at = 0;
  while ((at = source.indexOf('{{', at)) !== -1) {
    if (at > 0 && source[at - 1] === '\\' && source[at - 2] !== '\\') {
      at += 2;
      continue;
    }
    const start = at;
    const end = commentEnd(source, at);
    if (end !== -1) {
      at = end;
      continue;
    }
    let inner = at + 2;
    while (source[inner] === '{' || source[inner] === '~' || source[inner] === '&') inner++;
    const kind = source[inner];
    const { end: tagEnd, subexpressions, calls } = scanTag(source, inner);
    at = tagEnd;
    if (subexpressions > TEMPLATE_LIMITS.subexpressionDepth) {
      refuse(source, start, `subexpressions nested ${subexpressions} deep; at most ${TEMPLATE_LIMITS.subexpressionDepth} are allowed`);
    }
    expressions += 1 + calls;
    if (expressions > TEMPLATE_LIMITS.expressions) refuse(source, start, `more than ${TEMPLATE_LIMITS.expressions} tags and subexpressions`);
    if (kind === '#' || (kind === '^' && opensInverseSection(source, inner + 1))) {
      blocks.push(0);
      depth++;
    } else if (kind === '/') {
      depth -= 1 + (blocks.pop() ?? -1);
    } else if (blocks.length > 0 && /^else\s+[^\s~}]/.test(source.slice(inner, inner + 64))) {
      // `{{else if b}}` nests another block inside the first; one `{{/if}}` closes the whole chain.
      blocks[blocks.length - 1]++;
      depth++;
    }
    if (depth > TEMPLATE_LIMITS.blockDepth) refuse(source, start, `blocks nested more than ${TEMPLATE_LIMITS.blockDepth} deep`);
  }
}

/** Where a comment that starts at `at` ends, or -1 when no comment starts there. */
function commentEnd(source: string, at: number): number {
  let inner = at + 2;
  if (source[inner] === '~') inner++;
  if (source[inner] !== '!') return -1;
  if (source.startsWith('--', inner + 1)) {
    const close = source.indexOf('--', inner + 3);
    const end = close === -1 ? -1 : source.indexOf('}}', close);
    return end === -1 ? source.length : end + 2;
  }
  const end = source.indexOf('}}', inner);
  return end === -1 ? source.length : end + 2;
}

/** `{{^}}` and `{{^~}}` are `{{else}}`; `{{^name}}` opens a section. */
function opensInverseSection(source: string, at: number): boolean {
  let next = at;
  while (source[next] === ' ' || source[next] === '\t' || source[next] === '\n' || source[next] === '\r') next++;
  return source[next] !== '}' && !(source[next] === '~' && source[next + 1] === '}');
}

/** The end of the tag whose body starts at `at`, how deep its parentheses nest and how many it opens. */
function scanTag(source: string, at: number): { end: number; subexpressions: number; calls: number } {
  let open = 0;
  let deepest = 0;
  let calls = 0;
  for (let index = at; index < source.length; index++) {
    const char = source[index];
    if (char === '"' || char === "'") {
      const close = source.indexOf(char, index + 1);
      if (close === -1) break;
      index = close;
    } else if (char === '(') {
      calls++;
      deepest = Math.max(deepest, ++open);
    } else if (char === ')') {
      open = Math.max(0, open - 1);
    } else if (char === '}' && source[index + 1] === '}') {
      return { end: index + 2, subexpressions: deepest, calls };
    }
  }
  return { end: source.length, subexpressions: deepest, calls };
}

function refuse(source: string, at: number, problem: string): never {
  const before = source.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  throw new DomainError('template_invalid', `The template is too complex: ${problem} at line ${line}, column ${column}`);
}
