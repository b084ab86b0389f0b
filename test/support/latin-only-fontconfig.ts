import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Noto Sans proper: Latin, Greek and Cyrillic, no Arabic and no CJK. */
const LATIN_ONLY_FONT = 'NotoSans-Regular';

/**
 * A fontconfig configuration that sees one Latin-only font and nothing else: what a
 * host without `fonts-noto-core`/`fonts-noto-cjk` looks like to Chromium, where Arabic
 * and Chinese have no font to fall back to. Pass `file` as FONTCONFIG_FILE.
 */
export async function latinOnlyFontconfig(): Promise<{ file: string; remove(): Promise<void> }> {
  const { stdout } = await execFileAsync('fc-list', ['-f', '%{file}\n', `:postscriptname=${LATIN_ONLY_FONT}`]);
  const fontFile = stdout.split('\n').find(Boolean);
  if (!fontFile) throw new Error(`fontconfig knows no ${LATIN_ONLY_FONT}; install fonts-noto-core`);
  const dir = await mkdtemp(join(tmpdir(), 'ccm-latin-only-fonts-'));
  // fontconfig scans directories, not single files: give the font a directory of its own.
  await Promise.all([mkdir(join(dir, 'fonts')), mkdir(join(dir, 'cache'))]);
  await symlink(fontFile, join(dir, 'fonts', basename(fontFile)));
  const file = join(dir, 'fonts.conf');
  await writeFile(
    file,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n  <dir>${join(dir, 'fonts')}</dir>\n  <cachedir>${join(dir, 'cache')}</cachedir>\n</fontconfig>\n`,
  );
  return { file, remove: () => rm(dir, { recursive: true, force: true }) };
}
