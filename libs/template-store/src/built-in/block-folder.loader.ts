import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { BLOCK_FORMATS, type BlockFormat, type BlockSources, isBlockName } from '@app/contracts';
import type { BuiltInBlock } from '../block.repository';
import { reason, TemplateFolder, TemplateFolderError } from './folder-reader';

/** Where built-in blocks live, beside the built-in template folders. */
export const BUILT_IN_BLOCKS_FOLDER = '_blocks';

/** The file of each source format in a block folder. */
const SOURCE_FILES: Readonly<Record<BlockFormat, string>> = {
  mjml: 'block.mjml',
  html: 'block.html',
  text: 'block.txt.hbs',
};

/**
 * A locked block kept as a folder of files:
 *
 *     _blocks/<name>/block.json           { "description": "..." }
 *     _blocks/<name>/block.mjml           MJML fragment, for the email's HTML part
 *     _blocks/<name>/block.html           HTML fragment, for the PDF
 *     _blocks/<name>/block.txt.hbs        text, for text parts, SMS and WhatsApp
 *     _blocks/<name>/messages/<lang>.json the block's own ICU messages
 *
 * Each source file is optional, but a block has at least one. The folder's name is the block's name.
 */
export async function loadBlockFolder(dir: string): Promise<BuiltInBlock> {
  const name = path.basename(path.resolve(dir));
  if (!isBlockName(name)) throw new TemplateFolderError(dir, `folder name "${name}" is not a block name (lowercase letters, digits and single hyphens)`);
  const folder = new TemplateFolder(dir);
  const manifest = await folder.json('block.json');
  const extra = Object.keys(manifest).filter((field) => field !== 'description');
  if (extra.length) throw new TemplateFolderError(folder.describe('block.json'), `"${extra[0]}" is not a known field (known: description)`);
  if (manifest.description !== undefined && typeof manifest.description !== 'string') {
    throw new TemplateFolderError(folder.describe('block.json'), '"description" must be a string');
  }
  const present = new Set(await folder.list('.', ''));
  const sources: Partial<Record<BlockFormat, string>> = {};
  for (const format of BLOCK_FORMATS) {
    if (present.has(SOURCE_FILES[format])) sources[format] = await folder.text(SOURCE_FILES[format]);
  }
  if (Object.keys(sources).length === 0) {
    throw new TemplateFolderError(dir, `has no source (${Object.values(SOURCE_FILES).join(', ')})`);
  }
  const messages: Record<string, Record<string, string>> = {};
  for (const file of await folder.list('messages', '.json')) {
    const catalog = await folder.json(`messages/${file}`);
    for (const [key, message] of Object.entries(catalog)) {
      if (typeof message !== 'string') throw new TemplateFolderError(folder.describe(`messages/${file}`), `"${key}" must be an ICU message string`);
    }
    messages[file.slice(0, -'.json'.length)] = catalog as Record<string, string>;
  }
  return { name, description: (manifest.description as string | undefined) ?? '', content: { sources: sources as BlockSources, messages } };
}

/** Every block folder under `<rootDir>/_blocks`, in name order; none when there is no such folder. */
export async function loadBuiltInBlocks(rootDir: string): Promise<BuiltInBlock[]> {
  const dir = path.join(rootDir, BUILT_IN_BLOCKS_FOLDER);
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new TemplateFolderError(dir, `cannot be read as a blocks folder (${reason(error)})`);
  }
  const names = entries.filter((entry) => entry.isDirectory() && !entry.name.startsWith('.')).map((entry) => entry.name).sort();
  const blocks: BuiltInBlock[] = [];
  for (const name of names) blocks.push(await loadBlockFolder(path.join(dir, name)));
  return blocks;
}
