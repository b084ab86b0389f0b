import Handlebars from 'handlebars';
import { DomainError } from '@app/kernel';
import { ASSET_HELPER, type BlockFormat, type TemplateContent } from '@app/contracts';
import { helperCallsIn } from '../helper-calls';
import { parseTemplate } from '../template-source.guard';

/** Where a source inlines an asset (line and column 1-based). */
export interface AssetUse {
  readonly name: string;
  readonly line: number;
  readonly column: number;
}

/** An asset use inside a version, with the JSON pointer of the source it sits in. */
export interface AssetReference extends AssetUse {
  readonly pointer: string;
}

const parser = Handlebars.create();

/** Block formats that are HTML, the only kind of source an asset may be inlined in. */
const HTML_FORMATS: readonly BlockFormat[] = ['mjml', 'html'];

/**
 * Every `{{asset "name"}}` of a parsed source, in order. Only literal names
 * count: the source guard refuses any other form, so a name is always known
 * before a document is merged.
 */
export function assetUsesIn(program: hbs.AST.Program): AssetUse[] {
  return helperCallsIn(program, ASSET_HELPER)
    .filter((call) => call.kind === 'MustacheStatement' && call.arguments === 1 && call.literal !== undefined)
    .map((call) => ({ name: call.literal!, line: call.line, column: call.column }));
}

/** The assets one source inlines. Throws `template_invalid` when the source does not parse. */
export function assetUses(source: string): AssetUse[] {
  return assetUsesIn(parseTemplate(parser, source));
}

/**
 * Every asset use of a version: in the email's MJML, the PDF's HTML and the
 * HTML sources of the locked blocks it carries (a block's logo is captured by
 * the template that includes the block, like the block itself). Sources that
 * do not parse contribute nothing here; lint reports them where they are.
 */
export function assetReferences(content: Pick<TemplateContent, 'channels' | 'blocks'>): AssetReference[] {
  const sources: Array<{ pointer: string; source: string }> = [];
  if (content.channels.email) sources.push({ pointer: '/channels/email/mjml', source: content.channels.email.mjml });
  if (content.channels.pdf) sources.push({ pointer: '/channels/pdf/html', source: content.channels.pdf.html });
  for (const [name, block] of Object.entries(content.blocks ?? {})) {
    for (const format of HTML_FORMATS) {
      const source = block.sources[format];
      if (source !== undefined) sources.push({ pointer: `/blocks/${pointerSegment(name)}/sources/${format}`, source });
    }
  }
  const references: AssetReference[] = [];
  for (const { pointer, source } of sources) {
    try {
      for (const use of assetUses(source)) references.push({ ...use, pointer });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  }
  return references;
}

/** The names of the assets a version inlines. */
export function referencedAssets(content: Pick<TemplateContent, 'channels' | 'blocks'>): Set<string> {
  return new Set(assetReferences(content).map((reference) => reference.name));
}

function pointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
