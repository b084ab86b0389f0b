import Handlebars from 'handlebars';
import { type AssetUse, assetUsesIn, type BlockUse, blockUses, guardTemplate, helperCallsIn, parseTemplate } from '@app/templating';

/** A field a template reads, as a path from the data root (`invoice.lines[].amount`). */
export interface PlaceholderUse {
  readonly path: string;
  readonly line: number;
  readonly column: number;
}

/** A catalog message a template prints with `{{t "key"}}`. */
export interface MessageUse {
  readonly key: string;
  readonly line: number;
  readonly column: number;
}

export interface SourceFacts {
  readonly placeholders: readonly PlaceholderUse[];
  readonly messages: readonly MessageUse[];
  /** The locked blocks it includes (`{{> name}}`). */
  readonly blocks: readonly BlockUse[];
  /** The assets it inlines (`{{asset "name"}}`). */
  readonly assets: readonly AssetUse[];
}

const parser = Handlebars.create();

/**
 * What a source reads from the data and from the catalogs. Uses the merge
 * engine's own guard, so paths are resolved through `each`/`with` exactly as a
 * merge would. Throws `template_invalid` (with line and column) when the source
 * is not a template the engine accepts; `blocks` are the locked blocks it may include.
 */
export function analyzeSource(source: string, escape: 'html' | 'none', blocks: ReadonlySet<string> = new Set()): SourceFacts {
  const program = parseTemplate(parser, source);
  const sites = guardTemplate(program, escape, blocks);
  const placeholders: PlaceholderUse[] = [];
  for (const [position, site] of sites) {
    // Paths the guard could not place (block parameters of computed values, @ variables) are not data fields.
    if (site.display.startsWith('@') || site.display.startsWith('../')) continue;
    const [line, column] = position.split(':').map(Number);
    placeholders.push({ path: site.display, line, column: column + 1 });
  }
  return { placeholders, messages: messageUses(program), blocks: blocks.size ? blockUses(source) : [], assets: assetUsesIn(program) };
}

function messageUses(program: hbs.AST.Program): MessageUse[] {
  return helperCallsIn(program, 't')
    .filter((call) => call.literal !== undefined)
    .map((call) => ({ key: call.literal!, line: call.line, column: call.column }));
}
