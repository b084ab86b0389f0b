import {
  PDFArray,
  PDFBool,
  PDFContext,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFObjectParser,
  PDFRef,
  PDFString,
  type PDFObject,
} from 'pdf-lib';
import type { PaperFormat } from './pdf-engine';

export const PDF_CREATOR = 'CCM Composer';
export const PDF_PRODUCER = 'CCM Composer (Chromium)';

/** Two decimals, as PDF producers conventionally write ISO sizes (A4 = 595.28 × 841.89). */
function mmToPt(mm: number): number {
  return Math.round((mm * 72 * 100) / 25.4) / 100;
}

/** ISO 216 and US sizes in points, portrait. */
export const PAPER_SIZE_PT: Readonly<Record<PaperFormat, { width: number; height: number }>> = {
  A4: { width: mmToPt(210), height: mmToPt(297) },
  A5: { width: mmToPt(148), height: mmToPt(210) },
  Letter: { width: 612, height: 792 },
  Legal: { width: 612, height: 1008 },
};

/**
 * Chromium lays pages out on a 1/300-inch grid, so its A4 is 595.92 × 841.92 pt instead
 * of 595.28 × 841.89. Print shops and archive validators check the ISO size; trimming
 * those fractions of a point, evenly on both sides, lands inside the blank margin.
 * Anything further off than this was not meant to be the named paper size.
 */
const MAX_PAPER_SIZE_CORRECTION_PT = 2;

export interface PdfMetadata {
  title: string;
  lang: string;
  format: PaperFormat;
  landscape: boolean;
}

/**
 * Writes the metadata the platform owns (title, language, creator, producer) and the
 * exact paper size. Chromium's own Creator is its user agent, which would tell every
 * recipient the exact browser build that produced the file.
 *
 * Chromium's bytes are kept as they are (structure tree, fonts and all) and the few
 * changed objects are appended as an incremental update, reading only the objects that
 * change. Loading the whole file with pdf-lib costs about 10 ms for a two-page tagged
 * invoice and 40 ms for eight pages, and re-saving it two to three times that again,
 * CPU the renderer needs. Files this reader does not expect get the full rewrite.
 */
export async function finishPdf(printed: Uint8Array, metadata: PdfMetadata): Promise<{ bytes: Buffer; pages: number }> {
  const xref = readClassicXref(printed);
  if (xref) {
    try {
      return updateIncrementally(printed, xref, metadata);
    } catch {
      // Something this reader does not understand; pdf-lib's full parser does.
    }
  }
  return rewriteWhole(printed, metadata);
}

function targetSize(metadata: PdfMetadata): { width: number; height: number } {
  const paper = PAPER_SIZE_PT[metadata.format];
  return metadata.landscape ? { width: paper.height, height: paper.width } : paper;
}

/** The centred box of the exact paper size, or undefined when the page is already exact or not that paper. */
function trimmedBox(box: { x: number; y: number; width: number; height: number }, paper: { width: number; height: number }) {
  const dx = box.width - paper.width;
  const dy = box.height - paper.height;
  if (dx === 0 && dy === 0) return undefined;
  if (Math.abs(dx) > MAX_PAPER_SIZE_CORRECTION_PT || Math.abs(dy) > MAX_PAPER_SIZE_CORRECTION_PT) return undefined;
  return { x: box.x + dx / 2, y: box.y + dy / 2, width: paper.width, height: paper.height };
}

async function rewriteWhole(printed: Uint8Array, metadata: PdfMetadata): Promise<{ bytes: Buffer; pages: number }> {
  const document = await PDFDocument.load(printed, { updateMetadata: false });
  applyMetadata(document, metadata);
  return { bytes: Buffer.from(await document.save()), pages: document.getPageCount() };
}

/** The same metadata on a document held in pdf-lib (a full rewrite, or a part split from a group print). */
export function applyMetadata(document: PDFDocument, metadata: PdfMetadata): void {
  // Viewers show the title instead of the file name, as PDF/UA asks.
  document.setTitle(metadata.title, { showInWindowTitleBar: true });
  document.setLanguage(metadata.lang);
  document.setCreator(PDF_CREATOR);
  document.setProducer(PDF_PRODUCER);
  const paper = targetSize(metadata);
  for (const page of document.getPages()) {
    const box = trimmedBox(page.getMediaBox(), paper);
    if (!box) continue;
    page.setMediaBox(box.x, box.y, box.width, box.height);
    if (page.node.has(PDFName.of('CropBox'))) page.setCropBox(box.x, box.y, box.width, box.height);
  }
}

interface ClassicXref {
  offsets: Map<number, number>;
  trailer: PDFDict;
  startxref: number;
  context: PDFContext;
}

const STARTXREF = /startxref\s+(\d+)\s+%%EOF\s*$/;
/** How far from the end of the file `startxref` can be. */
const TRAILER_WINDOW_BYTES = 1024;
const XREF_ENTRY = /^(\d{10}) (\d{5}) ([nf])/;
const OBJECT_HEADER = /^\s*(\d+)\s+(\d+)\s+obj\b/;
/** Long enough for any `N G obj` header with leading whitespace. */
const OBJECT_HEADER_WINDOW_BYTES = 64;

/**
 * Reads the single classic cross-reference table Chromium writes. A file with a
 * cross-reference stream or earlier updates (`/Prev`) is left to pdf-lib.
 */
function readClassicXref(bytes: Uint8Array): ClassicXref | undefined {
  const tail = latin1(bytes, Math.max(0, bytes.length - TRAILER_WINDOW_BYTES), bytes.length);
  const match = STARTXREF.exec(tail);
  if (!match) return undefined;
  const startxref = Number(match[1]);
  const section = latin1(bytes, startxref, bytes.length);
  if (!section.startsWith('xref')) return undefined;
  const trailerAt = section.indexOf('trailer');
  if (trailerAt < 0) return undefined;

  const offsets = new Map<number, number>();
  const lines = section.slice(4, trailerAt).split(/\r\n|\r|\n/).map((line) => line.trim()).filter(Boolean);
  for (let i = 0; i < lines.length; ) {
    const [first, count] = lines[i].split(/\s+/).map(Number);
    if (!Number.isInteger(first) || !Number.isInteger(count)) return undefined;
    for (let n = 0; n < count; n += 1) {
      const entry = XREF_ENTRY.exec(lines[i + 1 + n] ?? '');
      if (!entry) return undefined;
      if (entry[3] === 'n') offsets.set(first + n, Number(entry[1]));
    }
    i += count + 1;
  }

  const context = PDFContext.create();
  const trailer = PDFObjectParser.forBytes(bytes.subarray(startxref + trailerAt + 'trailer'.length), context).parseObject();
  if (!(trailer instanceof PDFDict) || trailer.has(PDFName.of('Prev'))) return undefined;
  return { offsets, trailer, startxref, context };
}

function readObject(bytes: Uint8Array, xref: ClassicXref, ref: PDFRef): PDFObject {
  const offset = xref.offsets.get(ref.objectNumber);
  if (offset === undefined) throw new Error(`object ${ref.objectNumber} is not in the cross-reference table`);
  const header = OBJECT_HEADER.exec(latin1(bytes, offset, offset + OBJECT_HEADER_WINDOW_BYTES));
  if (!header || Number(header[1]) !== ref.objectNumber) throw new Error(`object ${ref.objectNumber} is not at its offset`);
  return PDFObjectParser.forBytes(bytes.subarray(offset + header[0].length), xref.context).parseObject();
}

function updateIncrementally(printed: Uint8Array, xref: ClassicXref, metadata: PdfMetadata): { bytes: Buffer; pages: number } {
  const { trailer, context } = xref;
  const read = (ref: PDFObject | undefined): PDFDict => {
    const object = ref instanceof PDFRef ? readObject(printed, xref, ref) : ref;
    if (!(object instanceof PDFDict)) throw new Error('expected a dictionary');
    return object;
  };
  const size = trailer.get(PDFName.of('Size'));
  if (!(size instanceof PDFNumber)) throw new Error('trailer without /Size');
  let nextObjectNumber = size.asNumber();
  const changed = new Map<PDFRef, PDFDict>();

  const rootRef = trailer.get(PDFName.of('Root'));
  if (!(rootRef instanceof PDFRef)) throw new Error('trailer without /Root');
  const catalog = read(rootRef);
  catalog.set(PDFName.of('Lang'), PDFString.of(metadata.lang));
  // Viewers show the title instead of the file name, as PDF/UA asks.
  catalog.set(PDFName.of('ViewerPreferences'), context.obj({ DisplayDocTitle: PDFBool.True }));
  changed.set(rootRef, catalog);

  let infoRef = trailer.get(PDFName.of('Info'));
  const info = infoRef instanceof PDFRef ? read(infoRef) : context.obj({});
  if (!(infoRef instanceof PDFRef)) infoRef = PDFRef.of(nextObjectNumber++);
  info.set(PDFName.of('Title'), PDFHexString.fromText(metadata.title));
  info.set(PDFName.of('Creator'), PDFHexString.fromText(PDF_CREATOR));
  info.set(PDFName.of('Producer'), PDFHexString.fromText(PDF_PRODUCER));
  changed.set(infoRef as PDFRef, info);

  const paper = targetSize(metadata);
  let pages = 0;
  const visit = (ref: PDFObject | undefined, inheritedBox: PDFArray | undefined, depth: number): void => {
    if (!(ref instanceof PDFRef) || depth > MAX_PAGE_TREE_DEPTH) throw new Error('unexpected page tree');
    const node = read(ref);
    const ownBox = node.get(PDFName.of('MediaBox'));
    const box = ownBox instanceof PDFArray ? ownBox : inheritedBox;
    const kids = node.get(PDFName.of('Kids'));
    if (kids instanceof PDFArray) {
      for (const kid of kids.asArray()) visit(kid, box, depth + 1);
      return;
    }
    pages += 1;
    if (!box) throw new Error('page without a MediaBox');
    const [x1, y1, x2, y2] = box.asArray().map((n) => (n instanceof PDFNumber ? n.asNumber() : NaN));
    const trimmed = trimmedBox({ x: Math.min(x1, x2), y: Math.min(y1, y2), width: Math.abs(x2 - x1), height: Math.abs(y2 - y1) }, paper);
    if (!trimmed) return;
    const exact = [trimmed.x, trimmed.y, trimmed.x + trimmed.width, trimmed.y + trimmed.height];
    node.set(PDFName.of('MediaBox'), context.obj(exact));
    if (node.has(PDFName.of('CropBox'))) node.set(PDFName.of('CropBox'), context.obj(exact));
    changed.set(ref, node);
  };
  visit(catalog.get(PDFName.of('Pages')), undefined, 0);

  const newTrailer = context.obj({
    Size: Math.max(nextObjectNumber, size.asNumber()),
    Root: rootRef,
    Info: infoRef,
    Prev: xref.startxref,
  });
  const id = trailer.get(PDFName.of('ID'));
  if (id) newTrailer.set(PDFName.of('ID'), id);
  return { bytes: appendUpdate(printed, changed, newTrailer), pages };
}

/** Page trees are a few levels deep; a cycle in a damaged file must not recurse forever. */
const MAX_PAGE_TREE_DEPTH = 32;

/** Appends objects and a cross-reference section chained to the original one (ISO 32000-1 §7.5.6). */
function appendUpdate(original: Uint8Array, objects: Map<PDFRef, PDFObject>, trailer: PDFDict): Buffer {
  const sorted = [...objects].sort(([a], [b]) => a.objectNumber - b.objectNumber);
  const parts: Buffer[] = [Buffer.from('\n', 'latin1')];
  let offset = original.length + 1;
  const entries: Array<{ ref: PDFRef; offset: number }> = [];
  for (const [ref, object] of sorted) {
    const chunk = Buffer.concat([
      Buffer.from(`${ref.objectNumber} ${ref.generationNumber} obj\n`, 'latin1'),
      serialize(object),
      Buffer.from('\nendobj\n', 'latin1'),
    ]);
    entries.push({ ref, offset });
    parts.push(chunk);
    offset += chunk.length;
  }
  let xref = 'xref\n';
  for (let i = 0; i < entries.length; ) {
    let j = i;
    while (j + 1 < entries.length && entries[j + 1].ref.objectNumber === entries[j].ref.objectNumber + 1) j += 1;
    xref += `${entries[i].ref.objectNumber} ${j - i + 1}\n`;
    for (const entry of entries.slice(i, j + 1)) {
      // Every entry is exactly 20 bytes, end of line included.
      xref += `${String(entry.offset).padStart(10, '0')} ${String(entry.ref.generationNumber).padStart(5, '0')} n\r\n`;
    }
    i = j + 1;
  }
  parts.push(Buffer.from(xref + 'trailer\n', 'latin1'), serialize(trailer), Buffer.from(`\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
  return Buffer.concat([original, ...parts]);
}

function serialize(object: PDFObject): Buffer {
  const bytes = Buffer.alloc(object.sizeInBytes());
  object.copyBytesInto(bytes, 0);
  return bytes;
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, Math.max(0, Math.min(end, bytes.length) - start)).toString('latin1');
}
