import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/**
 * How a block source is written, after the template part that includes it:
 * `mjml` for the email's HTML part (expanded before MJML compiles), `html` for
 * the PDF, `text` for subjects, text parts, SMS and WhatsApp parameters.
 */
export const BLOCK_FORMATS = ['mjml', 'html', 'text'] as const;
export type BlockFormat = (typeof BLOCK_FORMATS)[number];

export type BlockSources = Readonly<Partial<Record<BlockFormat, string>>>;

/**
 * The versioned content of a locked block: what a new version is drafted with
 * and a stored version holds. Sources are Handlebars like any
 * template part; `messages` are the block's own ICU catalogs, which win over a
 * template's messages of the same key, so the wording stays compliance-owned.
 */
export interface BlockContent {
  readonly sources: BlockSources;
  readonly messages: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/**
 * A published block version as a template version carries it (`content.blocks[name]`):
 * captured when the template version is submitted, so the template's content hash
 * covers the exact block and documents render with the block that was approved.
 */
export interface CapturedBlock extends BlockContent {
  readonly version: number;
  /** SHA-256 of the block version's canonical content (`sources` and `messages`). */
  readonly contentHash: string;
}

/** Block names are Handlebars partial names and URL segments. */
export const BLOCK_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
export const BLOCK_NAME_MAX = 63;

export function isBlockName(name: string): boolean {
  return name.length <= BLOCK_NAME_MAX && BLOCK_NAME.test(name);
}

export function blockContentHash(content: BlockContent): string {
  const canonical = canonicalJson({ sources: content.sources, messages: content.messages });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

export function captureBlock(version: number, content: BlockContent): CapturedBlock {
  return { version, contentHash: blockContentHash(content), sources: content.sources, messages: content.messages };
}

/** Whether a captured block still holds exactly the content its hash names. */
export function isIntactCapture(block: CapturedBlock): boolean {
  return blockContentHash(block) === block.contentHash;
}
