import Handlebars from 'handlebars';
import { DomainError } from '@app/kernel';
import type { BlockFormat, TemplateContent } from '@app/contracts';
import { parseTemplate } from '../template-source.guard';

/** Where a template includes a locked block with `{{> name}}` (line 1-based, column 1-based). */
export interface BlockUse {
  readonly name: string;
  readonly line: number;
  readonly column: number;
}

interface PlacedUse extends BlockUse {
  readonly start: number;
  readonly end: number;
}

const parser = Handlebars.create();

/**
 * Every `{{> name}}` of a source, in order. Other kinds of partial (dynamic,
 * partial blocks, inline partials) are not uses: the source guard refuses them.
 * Throws `template_invalid` when the source does not parse.
 */
export function blockUses(source: string): BlockUse[] {
  return placedUses(source).map(({ name, line, column }) => ({ name, line, column }));
}

/** The sources of one format of the blocks a version carries, by name. */
export function blockSources(content: Pick<TemplateContent, 'blocks'>, format: BlockFormat): Record<string, string> {
  const sources: Record<string, string> = {};
  for (const [name, block] of Object.entries(content.blocks ?? {})) {
    const source = block.sources[format];
    if (source !== undefined) sources[name] = source;
  }
  return sources;
}

/**
 * Replaces each `{{> name}}` with the block's source, exactly where it stands.
 * Blocks are expanded rather than registered as Handlebars partials because an
 * email's MJML must hold them before MJML compiles, and one rule for every
 * channel keeps what a reviewer reads equal to what is merged. A block sees the
 * root of the data, so it may not stand inside `{{#each}}` or `{{#with}}`; it
 * may not include other blocks. Names without a block are left for the source
 * guard, which refuses them with their position.
 */
export function inlineBlocks(source: string, blocks: Readonly<Record<string, string>>): string {
  const uses = placedUses(source).filter((use) => Object.hasOwn(blocks, use.name));
  if (uses.length === 0) return source;
  for (const name of new Set(uses.map((use) => use.name))) assertSelfContained(name, blocks[name]);
  let expanded = '';
  let from = 0;
  for (const use of uses) {
    expanded += source.slice(from, use.start) + blocks[use.name];
    from = use.end;
  }
  return expanded + source.slice(from);
}

function placedUses(source: string): PlacedUse[] {
  const program = parseTemplate(parser, source);
  const lineStarts = [0];
  for (const match of source.matchAll(/\r\n?|\n/g)) lineStarts.push(match.index + match[0].length);
  const offset = (position: hbs.AST.Position) => lineStarts[position.line - 1] + position.column;
  const uses: PlacedUse[] = [];
  walk(program, 0, (node, depth) => {
    if (node.type !== 'PartialStatement') return;
    const partial = node as hbs.AST.PartialStatement;
    if (partial.name.type !== 'PathExpression') return;
    const name = (partial.name as hbs.AST.PathExpression).original;
    const at = `{{> ${name}}} at line ${node.loc.start.line}, column ${node.loc.start.column + 1}`;
    if (partial.params.length > 0 || (partial.hash?.pairs.length ?? 0) > 0) {
      throw new DomainError('template_invalid', `${at} passes arguments: a locked block reads the document's data itself`);
    }
    const strip = (partial as unknown as { strip?: { open: boolean; close: boolean } }).strip;
    if (strip?.open || strip?.close) throw new DomainError('template_invalid', `${at} uses ~: write the block as {{> ${name}}}`);
    if (depth > 0) throw new DomainError('template_invalid', `${at} stands inside {{#each}} or {{#with}}: a locked block reads the root of the data`);
    uses.push({ name, line: node.loc.start.line, column: node.loc.start.column + 1, start: offset(node.loc.start), end: offset(node.loc.end) });
  });
  return uses;
}

function assertSelfContained(name: string, source: string): void {
  walk(parseTemplate(parser, source), 0, (node) => {
    if (node.type === 'PartialStatement' || node.type === 'PartialBlockStatement' || node.type === 'DecoratorBlock' || node.type === 'Decorator') {
      throw new DomainError('template_invalid', `Locked block "${name}" includes a partial (line ${node.loc.start.line}); blocks do not nest`);
    }
  });
}

/** Visits statements depth-first; `depth` counts the `each`/`with` blocks (which change the context) around a node. */
function walk(program: hbs.AST.Program, depth: number, visit: (node: hbs.AST.Node, depth: number) => void): void {
  for (const node of program.body) {
    visit(node, depth);
    if (node.type === 'BlockStatement' || node.type === 'DecoratorBlock' || node.type === 'PartialBlockStatement') {
      const block = node as hbs.AST.BlockStatement;
      const helper = block.params?.length > 0 ? (block.path as hbs.AST.PathExpression).original : undefined;
      const changesContext = helper === 'each' || helper === 'with' || !helper;
      if (block.program) walk(block.program, changesContext ? depth + 1 : depth, visit);
      if (block.inverse) walk(block.inverse, depth, visit);
    }
  }
}

/** Each merge source of a version with the block format it includes. */
export function partsOf(content: Pick<TemplateContent, 'channels'>): Array<{ readonly source: string; readonly format: BlockFormat }> {
  const parts: Array<{ source: string; format: BlockFormat }> = [];
  const { email, pdf, sms, whatsapp } = content.channels;
  if (email) parts.push({ source: email.subject, format: 'text' }, { source: email.mjml, format: 'mjml' }, { source: email.text, format: 'text' });
  if (pdf) parts.push({ source: pdf.html, format: 'html' });
  if (sms) parts.push({ source: sms.text, format: 'text' });
  if (whatsapp) {
    for (const expression of Object.values(whatsapp.parameters)) parts.push({ source: expression, format: 'text' });
    for (const button of whatsapp.buttons) if (button.type === 'url' && button.suffix) parts.push({ source: button.suffix, format: 'text' });
  }
  return parts;
}

/**
 * The blocks a version's sources include, by name. A source that does not
 * parse includes nothing here; lint reports it where it is.
 */
export function referencedBlocks(content: Pick<TemplateContent, 'channels'>): Set<string> {
  const names = new Set<string>();
  for (const part of partsOf(content)) {
    try {
      for (const use of blockUses(part.source)) names.add(use.name);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  }
  return names;
}

/** A source of a version with the version's blocks of that format expanded in place. */
export function expandBlocks(content: Pick<TemplateContent, 'blocks'>, source: string, format: BlockFormat): string {
  return content.blocks ? inlineBlocks(source, blockSources(content, format)) : source;
}
