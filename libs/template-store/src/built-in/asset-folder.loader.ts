import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { type AssetContentType, isAssetName } from '@app/contracts';
import { reason, TemplateFolderError } from './folder-reader';

/** Where built-in brand assets live, beside the built-in template and block folders. */
export const BUILT_IN_ASSETS_FOLDER = '_assets';

/** A brand asset shipped with the platform: `_assets/<name>.<extension>`. */
export interface BuiltInAsset {
  readonly name: string;
  readonly contentType: AssetContentType;
  readonly bytes: Buffer;
}

/** The content type of each file extension a built-in asset may have. */
const CONTENT_TYPE_OF: Readonly<Record<string, AssetContentType>> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
};

/**
 * Every file under `<rootDir>/_assets`, in name order; none when there is no
 * such folder. The file name less its extension is the asset's name, the
 * extension its type. The bytes are checked like any upload when they are
 * imported on first start.
 */
export async function loadBuiltInAssets(rootDir: string): Promise<BuiltInAsset[]> {
  const dir = path.join(rootDir, BUILT_IN_ASSETS_FOLDER);
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new TemplateFolderError(dir, `cannot be read as an assets folder (${reason(error)})`);
  }
  const files = entries.filter((entry) => entry.isFile() && !entry.name.startsWith('.')).map((entry) => entry.name).sort();
  const assets: BuiltInAsset[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    const where = path.join(dir, file);
    const extension = path.extname(file).toLowerCase();
    const name = path.basename(file, path.extname(file));
    const contentType = CONTENT_TYPE_OF[extension];
    if (!contentType) throw new TemplateFolderError(where, `"${extension}" is not an asset type (${Object.keys(CONTENT_TYPE_OF).join(', ')})`);
    if (!isAssetName(name)) throw new TemplateFolderError(where, `"${name}" is not an asset name (lowercase letters, digits and single hyphens)`);
    if (seen.has(name)) throw new TemplateFolderError(where, `a second file for asset "${name}"`);
    seen.add(name);
    let bytes: Buffer;
    try {
      bytes = await readFile(where);
    } catch (error) {
      throw new TemplateFolderError(where, `cannot be read (${reason(error)})`);
    }
    assets.push({ name, contentType, bytes });
  }
  return assets;
}
