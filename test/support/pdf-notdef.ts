import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRawStream, PDFRef, type PDFObject } from 'pdf-lib';

/** Where a PDF draws glyph 0, the .notdef glyph every font shows for a character it lacks. */
export interface NotdefUse {
  readonly page: number;
  readonly font: string;
  readonly count: number;
  /** The characters meant there, from the `/ActualText` Chromium writes around such glyphs, when present. */
  readonly intended: readonly string[];
}

export interface NotdefScan {
  readonly notdef: readonly NotdefUse[];
  /** Fonts that drew text this reader cannot map to glyph ids: not vouched for. */
  readonly unreadableFonts: readonly string[];
}

/**
 * Scans the drawn text of every page (page content and the form XObjects it paints,
 * header and footer included) for glyph 0, the empty box in the picture: with
 * `Identity-H` it is literally `<0000>` in a show-text operator. Text extraction
 * cannot see this: `pdftotext` returns the intended characters from `/ActualText`.
 */
export async function findNotdefGlyphs(bytes: Uint8Array): Promise<NotdefScan> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const found = new Map<string, { page: number; font: string; count: number; intended: Set<string> }>();
  const unreadable = new Set<string>();
  const scan = (content: Uint8Array, resources: PDFDict | undefined, page: number, visited: Set<PDFObject>): void => {
    const fonts = fontsOf(doc, resources);
    let font: FontInfo | undefined;
    const actualText: Array<string | undefined> = [];
    const showText = (value: PdfValue): void => {
      if (!(value instanceof Uint8Array) || !font) return;
      if (!font.isNotdef) {
        unreadable.add(font.baseFont);
        return;
      }
      for (let i = 0; i + font.codeLength <= value.length; i += font.codeLength) {
        const code = font.codeLength === 2 ? (value[i] << 8) | value[i + 1] : value[i];
        if (!font.isNotdef(code)) continue;
        const key = `${page}\u0000${font.baseFont}`;
        const entry = found.get(key) ?? { page, font: font.baseFont, count: 0, intended: new Set<string>() };
        entry.count += 1;
        const intended = actualText.findLast((text) => text !== undefined);
        if (intended) entry.intended.add(intended);
        found.set(key, entry);
      }
    };
    for (const { operator, operands } of contentOperations(content)) {
      switch (operator) {
        case 'Tf': {
          const name = operands[0];
          font = typeof name === 'object' && name !== null && 'name' in name ? fonts.get(name.name) : undefined;
          break;
        }
        case 'Tj':
        case "'":
          showText(operands[operands.length - 1]);
          break;
        case '"':
          showText(operands[2]);
          break;
        case 'TJ':
          for (const item of (operands[0] as PdfValue[] | undefined) ?? []) showText(item);
          break;
        case 'BDC': {
          const properties = operands[1];
          const text = properties instanceof Map ? properties.get('ActualText') : undefined;
          actualText.push(text instanceof Uint8Array ? decodeTextString(text) : undefined);
          break;
        }
        case 'BMC':
          actualText.push(undefined);
          break;
        case 'EMC':
          actualText.pop();
          break;
        case 'Do': {
          const name = operands[0];
          const xobject = typeof name === 'object' && name !== null && 'name' in name ? lookupXObject(doc, resources, name.name) : undefined;
          if (xobject && !visited.has(xobject)) {
            visited.add(xobject);
            scan(decodePDFRawStream(xobject).decode(), xobject.dict.lookupMaybe(PDFName.of('Resources'), PDFDict) ?? resources, page, visited);
          }
          break;
        }
      }
    }
  };

  doc.getPages().forEach((page, index) => {
    const contents = page.node.Contents();
    const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => doc.context.lookup(ref)) : [contents];
    const parts = streams.filter((s): s is PDFRawStream => s instanceof PDFRawStream).map((s) => decodePDFRawStream(s).decode());
    // A page's content may be split across streams at any token boundary.
    scan(concat(parts), page.node.Resources(), index + 1, new Set());
  });

  return {
    notdef: [...found.values()].map((entry) => ({ ...entry, intended: [...entry.intended] })),
    unreadableFonts: [...unreadable],
  };
}

interface FontInfo {
  baseFont: string;
  /** Bytes per character code. */
  codeLength: 1 | 2;
  /** Whether a code draws glyph 0; undefined for font kinds this reader cannot map to glyphs. */
  isNotdef?: (code: number) => boolean;
}

/**
 * Chromium (Skia) writes two kinds of font: Type0 with `Identity-H`, whose two-byte
 * codes are glyph ids, and, for fonts it cannot subset (the CFF-based Noto CJK
 * collection), Type3 fonts of up to 256 glyphs whose glyph procedures are named
 * `g<glyph id in hex>`, so `/g0` is .notdef.
 */
function fontsOf(doc: PDFDocument, resources: PDFDict | undefined): Map<string, FontInfo> {
  const fonts = new Map<string, FontInfo>();
  const dict = resources?.lookupMaybe(PDFName.of('Font'), PDFDict);
  for (const [key, value] of dict?.entries() ?? []) {
    const font = doc.context.lookup(value);
    if (!(font instanceof PDFDict)) continue;
    const subtype = font.lookupMaybe(PDFName.of('Subtype'), PDFName)?.asString();
    const encoding = font.lookup(PDFName.of('Encoding'));
    const descriptor = font.lookupMaybe(PDFName.of('FontDescriptor'), PDFDict);
    const named = font.lookupMaybe(PDFName.of('BaseFont'), PDFName) ?? descriptor?.lookupMaybe(PDFName.of('FontName'), PDFName);
    const baseFont = named?.asString().slice(1) ?? key.asString().slice(1);
    if (subtype === '/Type0') {
      const identity = encoding instanceof PDFName && /^\/Identity-[HV]$/.test(encoding.asString());
      fonts.set(key.asString().slice(1), { baseFont, codeLength: 2, isNotdef: identity ? (code) => code === 0 : undefined });
    } else if (subtype === '/Type3') {
      const names = type3GlyphNames(doc, encoding);
      fonts.set(key.asString().slice(1), { baseFont, codeLength: 1, isNotdef: (code) => ['/g0', '/.notdef'].includes(names.get(code) ?? '/.notdef') });
    } else {
      fonts.set(key.asString().slice(1), { baseFont, codeLength: 1 });
    }
  }
  return fonts;
}

/** Code → glyph name from the encoding's `/Differences` (`[code /name /name … code /name …]`). */
function type3GlyphNames(doc: PDFDocument, encoding: PDFObject | undefined): Map<number, string> {
  const names = new Map<number, string>();
  const dict = encoding instanceof PDFRef ? doc.context.lookup(encoding) : encoding;
  const differences = dict instanceof PDFDict ? dict.lookupMaybe(PDFName.of('Differences'), PDFArray) : undefined;
  let code = 0;
  for (const item of differences?.asArray() ?? []) {
    if (item instanceof PDFNumber) code = item.asNumber();
    else if (item instanceof PDFName) names.set(code++, item.asString());
  }
  return names;
}

function lookupXObject(doc: PDFDocument, resources: PDFDict | undefined, name: string): PDFRawStream | undefined {
  const xobjects = resources?.lookupMaybe(PDFName.of('XObject'), PDFDict);
  const ref = xobjects?.get(PDFName.of(name));
  const stream = ref instanceof PDFRef ? doc.context.lookup(ref) : ref;
  if (!(stream instanceof PDFRawStream)) return undefined;
  return stream.dict.lookupMaybe(PDFName.of('Subtype'), PDFName)?.asString() === '/Form' ? stream : undefined;
}

/** PDF text strings: UTF-16BE with a byte order mark, else (close enough for this) Latin-1. */
function decodeTextString(bytes: Uint8Array): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    let text = '';
    for (let i = 2; i + 1 < bytes.length; i += 2) text += String.fromCharCode((bytes[i] << 8) | bytes[i + 1]);
    return text;
  }
  return Buffer.from(bytes).toString('latin1');
}

function concat(parts: Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(parts.reduce((sum, part) => sum + part.length + 1, 0));
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    joined[at + part.length] = 0x0a;
    at += part.length + 1;
  }
  return joined;
}

// ---- A content-stream reader just large enough for text operators (ISO 32000-1 §7.2, §7.8). ----

type PdfValue = number | boolean | null | { name: string } | Uint8Array | PdfValue[] | Map<string, PdfValue>;

const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIMITERS = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);

function* contentOperations(data: Uint8Array): Generator<{ operator: string; operands: PdfValue[] }> {
  let pos = 0;
  const stack: PdfValue[][] = [[]];
  const dictMarks: number[] = [];

  const skipSpace = (): void => {
    while (pos < data.length) {
      if (WHITESPACE.has(data[pos])) pos++;
      else if (data[pos] === 0x25) while (pos < data.length && data[pos] !== 0x0a && data[pos] !== 0x0d) pos++;
      else break;
    }
  };
  const regular = (): string => {
    const start = pos;
    while (pos < data.length && !WHITESPACE.has(data[pos]) && !DELIMITERS.has(data[pos])) pos++;
    return Buffer.from(data.subarray(start, pos)).toString('latin1');
  };
  const top = (): PdfValue[] => stack[stack.length - 1];

  while (true) {
    skipSpace();
    if (pos >= data.length) return;
    const byte = data[pos];
    if (byte === 0x28) {
      top().push(literalString());
    } else if (byte === 0x3c && data[pos + 1] === 0x3c) {
      pos += 2;
      dictMarks.push(top().length);
    } else if (byte === 0x3e && data[pos + 1] === 0x3e) {
      pos += 2;
      const items = top().splice(dictMarks.pop() ?? 0);
      const dict = new Map<string, PdfValue>();
      for (let i = 0; i + 1 < items.length; i += 2) {
        const key = items[i];
        if (typeof key === 'object' && key !== null && 'name' in key) dict.set(key.name, items[i + 1]);
      }
      top().push(dict);
    } else if (byte === 0x3c) {
      top().push(hexString());
    } else if (byte === 0x5b) {
      pos++;
      stack.push([]);
    } else if (byte === 0x5d) {
      pos++;
      const array = stack.length > 1 ? stack.pop()! : [];
      top().push(array);
    } else if (byte === 0x2f) {
      pos++;
      top().push({ name: regular().replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) });
    } else if (byte === 0x7b || byte === 0x7d || byte === 0x29 || byte === 0x3e) {
      pos++;
    } else {
      const token = regular();
      if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(token)) top().push(Number(token));
      else if (token === 'true' || token === 'false') top().push(token === 'true');
      else if (token === 'null') top().push(null);
      else {
        if (token === 'BI') skipInlineImage();
        const operands = stack[0];
        stack.length = 1;
        stack[0] = [];
        dictMarks.length = 0;
        yield { operator: token, operands };
      }
    }
  }

  function literalString(): Uint8Array {
    pos++;
    const out: number[] = [];
    let depth = 1;
    while (pos < data.length) {
      const c = data[pos++];
      if (c === 0x5c) {
        const e = data[pos++];
        const simple: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c, 0x28: 0x28, 0x29: 0x29, 0x5c: 0x5c };
        if (e in simple) out.push(simple[e]);
        else if (e >= 0x30 && e <= 0x37) {
          let octal = e - 0x30;
          for (let n = 0; n < 2 && data[pos] >= 0x30 && data[pos] <= 0x37; n++) octal = octal * 8 + (data[pos++] - 0x30);
          out.push(octal & 0xff);
        } else if (e === 0x0d) {
          if (data[pos] === 0x0a) pos++;
        } else if (e !== 0x0a) out.push(e);
      } else if (c === 0x28) {
        depth++;
        out.push(c);
      } else if (c === 0x29) {
        if (--depth === 0) break;
        out.push(c);
      } else out.push(c);
    }
    return Uint8Array.from(out);
  }

  function hexString(): Uint8Array {
    pos++;
    let digits = '';
    while (pos < data.length && data[pos] !== 0x3e) {
      if (!WHITESPACE.has(data[pos])) digits += String.fromCharCode(data[pos]);
      pos++;
    }
    pos++;
    if (digits.length % 2) digits += '0';
    return Uint8Array.from(Buffer.from(digits, 'hex'));
  }

  /** Inline image data is binary; it ends at the first `EI` standing alone. */
  function skipInlineImage(): void {
    while (pos + 2 < data.length) {
      if (WHITESPACE.has(data[pos]) && data[pos + 1] === 0x45 && data[pos + 2] === 0x49 && (pos + 3 >= data.length || WHITESPACE.has(data[pos + 3]))) {
        pos += 3;
        return;
      }
      pos++;
    }
    pos = data.length;
  }
}
