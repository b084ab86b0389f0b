import Handlebars from 'handlebars';
import { DomainError, escapePointerSegment, FieldError, LruCache } from '@app/kernel';
import type { Channel, PinnedVersion } from '@app/contracts';
import { whatsAppParameterTextProblem } from '@app/rendering';
import { guardTemplate, parseTemplate } from '@app/templating';
import type { DocumentRequest } from './document-request';

/** A request field a WhatsApp parameter writes into the message, and the parameter. */
interface ParameterSource {
  readonly pointer: string;
  readonly parameter: string;
}

/** Parameter sources per published version; a version's content never changes. */
const sourcesByVersion = new LruCache<string, readonly ParameterSource[]>(64);
/** Helpers whose arguments decide, but never appear in, what is written. */
const DECIDING_HELPERS: ReadonlySet<string> = new Set(['eq']);

/**
 * What a channel's provider would refuse about this document's data, found
 * before anything is written, each at the request field it comes from: a
 * document accepted must not end `render_failed` for its data.
 *
 * WhatsApp is the channel with rules on data: a parameter value may hold no
 * line break, tab or run of more than four spaces, while the same field is
 * fine on a second line of an email or PDF. Every field a parameter can write
 * is held to that, even on a branch this document would not take: a stricter
 * rule than Meta's, never a looser one.
 */
export function channelConstraintErrors(request: DocumentRequest, version: PinnedVersion, channels: readonly Channel[]): FieldError[] {
  const whatsapp = version.content.channels.whatsapp;
  if (!channels.includes('whatsapp') || !whatsapp) return [];
  const sources = sourcesByVersion.getOrCreate(version.contentHash, () => parameterSources(whatsapp.parameters));
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  for (const { pointer, parameter } of sources) {
    for (const [at, text] of stringsAt(request, pointer)) {
      const problem = whatsAppParameterTextProblem(text);
      if (!problem || seen.has(at)) continue;
      seen.add(at);
      errors.push({ pointer: at, message: `${problem}, which WhatsApp refuses in a parameter ("${parameter}")` });
    }
  }
  return errors;
}

function parameterSources(parameters: Readonly<Record<string, string>>): ParameterSource[] {
  return Object.entries(parameters).flatMap(([parameter, expression]) =>
    writtenPointers(expression).map((pointer) => ({ pointer, parameter })),
  );
}

/** Pointers of the fields an expression can write: every path but conditions, loop targets and comparisons. */
function writtenPointers(expression: string): string[] {
  let program: hbs.AST.Program;
  let sites: ReturnType<typeof guardTemplate>;
  try {
    program = parseTemplate(Handlebars, expression);
    sites = guardTemplate(program, 'none');
  } catch (error) {
    // A published version passed these checks; content that no longer does is the composer's to report.
    if (error instanceof DomainError) return [];
    throw error;
  }
  const deciding = decidingPaths(program);
  const written = [...sites].filter(([key]) => !deciding.has(key)).map(([, site]) => site.pointer);
  // `/data` itself is where a path of unknown place points (`{{@index}}`): no one field to hold to the rule.
  return [...new Set(written)].filter((pointer) => pointer !== '/data');
}

/** `line:column` of the paths that only decide what is written: block arguments and comparison arguments. */
function decidingPaths(program: hbs.AST.Program): Set<string> {
  const keys = new Set<string>();
  const mark = (node: hbs.AST.Node | undefined): void => {
    if (node?.type === 'PathExpression') keys.add(`${node.loc.start.line}:${node.loc.start.column}`);
  };
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const candidate = node as { type?: string; params?: hbs.AST.Node[]; path?: hbs.AST.PathExpression };
    if (candidate.type === 'BlockStatement') candidate.params?.forEach(mark);
    if (candidate.type === 'SubExpression' && DECIDING_HELPERS.has(candidate.path?.original ?? '')) candidate.params?.forEach(mark);
    for (const [key, value] of Object.entries(node)) {
      if (key === 'loc') continue;
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object') visit(value);
    }
  };
  visit(program);
  return keys;
}

/** Every string at or below a pointer into the request, with its own pointer. */
function stringsAt(request: DocumentRequest, pointer: string): Array<[string, string]> {
  let node: unknown = request;
  for (const segment of pointer.split('/').slice(1)) {
    const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return [];
    node = (node as Record<string, unknown>)[key];
  }
  const found: Array<[string, string]> = [];
  const collect = (value: unknown, at: string): void => {
    if (typeof value === 'string') found.push([at, value]);
    else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) collect(child, `${at}/${escapePointerSegment(key)}`);
    }
  };
  collect(node, pointer);
  return found;
}
