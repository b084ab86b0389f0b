import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/**
 * poppler repairs a broken file quietly and only complains on stderr; a PDF that needs
 * repairing is a defect, so any complaint fails the test.
 */
async function run(tool: string, args: string[]): Promise<{ stdout: string }> {
  const { stdout, stderr } = await execFileAsync(tool, args, { maxBuffer: 64 * 1024 * 1024 });
  if (/error/i.test(stderr)) throw new Error(`${tool} reported a damaged PDF: ${stderr.trim()}`);
  return { stdout };
}

/** poppler-utils read files, not stdin, so each call writes the PDF to a temporary folder. */
async function withPdfFile<T>(bytes: Uint8Array, use: (path: string, dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'ccm-pdf-test-'));
  const path = join(dir, 'document.pdf');
  try {
    await writeFile(path, bytes);
    return await use(path, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** pdftotext wraps right-to-left runs in bidi embedding marks; they are not document text. */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

export function pdfText(bytes: Uint8Array, page?: number): Promise<string> {
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)];
  return withPdfFile(bytes, async (path) => {
    const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', ...range, path, '-']);
    return stdout.replace(BIDI_CONTROLS, '');
  });
}

export function pdfInfo(bytes: Uint8Array): Promise<Record<string, string>> {
  return withPdfFile(bytes, async (path) => {
    const { stdout } = await run('pdfinfo', ['-enc', 'UTF-8', path]);
    const info: Record<string, string> = {};
    for (const line of stdout.split('\n')) {
      const match = /^([^:]+):\s*(.*)$/.exec(line);
      if (match) info[match[1].trim()] = match[2].trim();
    }
    return info;
  });
}

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
}

export function pdfFonts(bytes: Uint8Array): Promise<PdfFont[]> {
  return withPdfFile(bytes, async (path) => {
    const { stdout } = await run('pdffonts', [path]);
    // Columns are fixed width; the header's dashes give each column's extent.
    const lines = stdout.split('\n');
    const dashes = lines[1] ?? '';
    const columns = [...dashes.matchAll(/-+/g)].map((m) => [m.index ?? 0, (m.index ?? 0) + m[0].length] as const);
    return lines.slice(2).filter((line) => line.trim() !== '').map((line) => {
      const cell = (i: number) => line.slice(columns[i][0], columns[i][1]).trim();
      return { name: cell(0), type: cell(1), embedded: cell(3) === 'yes' };
    });
  });
}

export interface PdfImage {
  page: number;
  width: number;
  height: number;
}

export function pdfImages(bytes: Uint8Array): Promise<PdfImage[]> {
  return withPdfFile(bytes, async (path) => {
    const { stdout } = await run('pdfimages', ['-list', path]);
    return stdout.split('\n').slice(2).filter((line) => line.trim() !== '').map((line) => {
      const [page, , , width, height] = line.trim().split(/\s+/);
      return { page: Number(page), width: Number(width), height: Number(height) };
    });
  });
}

/** Renders every page to PNG files `<prefix>-<n>.png` for a person to look at. */
export function pdfToPng(bytes: Uint8Array, outputPrefix: string, dpi = 100): Promise<string[]> {
  return withPdfFile(bytes, async (path) => {
    await run('pdftoppm', ['-png', '-r', String(dpi), path, outputPrefix]);
    const dir = outputPrefix.slice(0, outputPrefix.lastIndexOf('/')) || '.';
    const base = outputPrefix.slice(outputPrefix.lastIndexOf('/') + 1);
    return (await readdir(dir)).filter((name) => name.startsWith(`${base}-`) && name.endsWith('.png')).map((name) => join(dir, name));
  });
}

/** One page as RGB pixels, row by row, for checking what a person would see. */
export interface PageRaster {
  readonly width: number;
  readonly height: number;
  /** 3 bytes (R, G, B) per pixel. */
  readonly rgb: Buffer;
}

/** Renders one page (1-based) to pixels with `pdftoppm`, reading its binary PPM output. */
export function pdfPageRaster(bytes: Uint8Array, page = 1, dpi = 72): Promise<PageRaster> {
  return withPdfFile(bytes, async (path, dir) => {
    const prefix = join(dir, 'page');
    await run('pdftoppm', ['-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', path, prefix]);
    return parsePpm(await readFile(`${prefix}.ppm`));
  });
}

/** Binary PPM (P6, 8 bits): a text header of magic, width, height and maximum value, then the pixels. */
function parsePpm(file: Buffer): PageRaster {
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(file.subarray(0, 64).toString('latin1'));
  if (!header || header[3] !== '255') throw new Error('pdftoppm did not write an 8-bit binary PPM');
  const width = Number(header[1]);
  const height = Number(header[2]);
  return { width, height, rgb: file.subarray(header[0].length, header[0].length + width * height * 3) };
}

/** Where pixels of a colour (within `tolerance` per channel) are on a page: how many, and their bounding box. */
export function findColour(raster: PageRaster, [r, g, b]: readonly [number, number, number], tolerance = 12) {
  let count = 0;
  let left = Infinity;
  let top = Infinity;
  let right = -1;
  let bottom = -1;
  for (let y = 0; y < raster.height; y++) {
    for (let x = 0; x < raster.width; x++) {
      const at = (y * raster.width + x) * 3;
      if (Math.abs(raster.rgb[at] - r) > tolerance || Math.abs(raster.rgb[at + 1] - g) > tolerance || Math.abs(raster.rgb[at + 2] - b) > tolerance) continue;
      count++;
      left = Math.min(left, x);
      right = Math.max(right, x);
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
    }
  }
  return { count, left, top, right, bottom };
}
