import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DomainError } from '@app/kernel';

const execFileAsync = promisify(execFile);

/** Reads a PDF back: its text, and its first page as an image, so two renders can be compared. */
export abstract class PdfRasterizer {
  abstract text(pdf: Uint8Array): Promise<string>;
  abstract firstPagePng(pdf: Uint8Array, dpi?: number): Promise<Buffer>;
}

const TOOL_TIMEOUT_MS = 20_000;
/** pdftotext wraps right-to-left runs in bidi embedding marks; they are layout, not text. */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

/**
 * poppler-utils (`pdftotext`, `pdftoppm`). They read files, not stdin, so each
 * call writes the PDF to a private temporary folder that is removed afterwards.
 */
export class PopplerPdfRasterizer extends PdfRasterizer {
  async text(pdf: Uint8Array): Promise<string> {
    return this.withFile(pdf, async (file) => {
      const { stdout } = await this.run('pdftotext', ['-enc', 'UTF-8', '-layout', file, '-']);
      return stdout.toString('utf8').replace(BIDI_CONTROLS, '');
    });
  }

  async firstPagePng(pdf: Uint8Array, dpi = 80): Promise<Buffer> {
    return this.withFile(pdf, async (file, dir) => {
      const prefix = join(dir, 'page');
      await this.run('pdftoppm', ['-png', '-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', file, prefix]);
      return readFile(`${prefix}.png`);
    });
  }

  private async run(tool: string, args: string[]): Promise<{ stdout: Buffer }> {
    try {
      const { stdout } = await execFileAsync(tool, args, { encoding: 'buffer', timeout: TOOL_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 });
      return { stdout };
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      throw new DomainError('unavailable', missing ? `${tool} is not installed (poppler-utils)` : `${tool} failed: ${(error as Error).message}`);
    }
  }

  private async withFile<T>(pdf: Uint8Array, use: (file: string, dir: string) => Promise<T>): Promise<T> {
    const dir = await mkdtemp(join(tmpdir(), 'ccm-pdf-read-'));
    try {
      const file = join(dir, 'document.pdf');
      await writeFile(file, pdf);
      return await use(file, dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
