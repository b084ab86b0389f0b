import type { Direction } from '@app/contracts';

export const PAPER_FORMATS = ['A4', 'Letter', 'Legal', 'A5'] as const;
export type PaperFormat = (typeof PAPER_FORMATS)[number];

export const DEFAULT_PAPER_FORMAT: PaperFormat = 'A4';

export interface PdfRenderOptions {
  /** Paper size; A4 unless the document asks for another. */
  format?: PaperFormat;
  landscape?: boolean;
  /** Document title, written to the PDF metadata (and to `<title>` when the HTML has none). */
  title: string;
  /** BCP 47 tag such as `ar-SA`; written to the PDF catalog so screen readers pick the right voice. */
  lang: string;
  dir: Direction;
  /** Plain text printed in the top margin of every page; `left` and `right` are physical sides. */
  header?: { left?: string; right?: string };
  /** Localised words of the "Page X of Y" footer; English when absent. */
  /**
   * The footer text with `{page}` and `{pages}` where the numbers go, so each
   * language keeps its own word order ("第 {page} 页，共 {pages} 页"). Default: "Page {page} of {pages}".
   */
  footer?: string;
  /** Wall-clock budget for the whole render, waiting for a free page included. */
  timeoutMs?: number;
}

export interface PdfResult {
  bytes: Buffer;
  pages: number;
  /** Every resource the document tried to load and was refused (network and filesystem). */
  blockedRequests: string[];
  renderMs: number;
}

/**
 * Turns a finished HTML document into PDF bytes. The HTML is author-controlled, so an
 * engine must never let it reach the network or the filesystem.
 */
export abstract class PdfEngine {
  abstract render(html: string, options: PdfRenderOptions): Promise<PdfResult>;
  /** Finishes the renders in flight, then releases every process the engine started. */
  abstract close(): Promise<void>;
}
