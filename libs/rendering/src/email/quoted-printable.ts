/**
 * Quoted-printable exactly as nodemailer's `qp.Encoder` writes content given
 * to it whole: the same literal bytes, the same escapes, the same soft line
 * breaks at the same places, byte for byte.
 *
 * Why our own: nodemailer wraps the encoded text line by line on strings, with
 * a few regular expressions and a string concatenation per line. For an
 * invoice email's 42 KB of HTML that allocated about 0.5 MB, and the email
 * MIME built at each send was the largest single source of the worker's
 * garbage in a billing run (about 30 % of the bytes it allocated, where the
 * worker's collections cost about a tenth of the CPU). Here the same rules run over the
 * bytes into one buffer. `quoted-printable.spec.ts` holds the output equal to
 * nodemailer's encoder on generated inputs, `serialise-mime-tree.spec.ts` to
 * its whole build.
 */
export function encodeQuotedPrintable(content: Buffer, options: { readonly binary: boolean }): Buffer {
  if (!content.length) return content;
  const output = new QuotedPrintableOutput(options.binary);
  // As the encoder's transform step: whitespace (and, for binary data, a CR) that ends the input
  // is encoded on its own after the rest, as the end of a line.
  let end = content.length;
  while (end > 0 && (isWhitespace(content[end - 1]) || (options.binary && content[end - 1] === CR))) end -= 1;
  let held: Buffer | undefined;
  let body = content;
  if (content.length - end <= SLICE_SIZE) {
    held = end < content.length ? content.subarray(end) : undefined;
    body = content.subarray(0, end);
  }
  output.encodeSlices(body);
  if (held) output.encodeSlices(held);
  return output.finish();
}

const LINE_LENGTH = 76;
/** The encoder wraps its input in slices of this size, and a line break can fall where one ends. */
const SLICE_SIZE = 64 * 1024;
const LINE_MARGIN = Math.floor(LINE_LENGTH / 3);
const CR = 0x0d;
const LF = 0x0a;
const EQUALS = 0x3d;
const HEX_DIGITS = Buffer.from('0123456789ABCDEF', 'latin1');
const SOFT_BREAK = Buffer.from('=\r\n', 'latin1');
const CRLF = Buffer.from('\r\n', 'latin1');

/** 1 for every byte written as is (RFC 2045 6.7): TAB, LF, CR, and SP to `~` but `=`. */
const LITERAL = new Uint8Array(256);
for (let byte = 0; byte < 256; byte += 1) LITERAL[byte] = byte === 0x09 || byte === LF || byte === CR || (byte >= 0x20 && byte <= 0x7e && byte !== EQUALS) ? 1 : 0;

/** Bytes always written as is, whatever surrounds them: the literal ones but whitespace and, for binary data, CR and LF. */
const ALWAYS_LITERAL_TEXT = LITERAL.map((literal, byte) => (literal && byte !== 0x20 && byte !== 0x09 ? 1 : 0));
const ALWAYS_LITERAL_BINARY = ALWAYS_LITERAL_TEXT.map((literal, byte) => (literal && byte !== CR && byte !== LF ? 1 : 0));

/** Where a line may be broken before the end: after a space, tab, `.`, `,`, `!` or `?`. */
const BREAKABLE = new Uint8Array(256);
for (const byte of [0x20, 0x09, 0x2e, 0x2c, 0x21, 0x3f]) BREAKABLE[byte] = 1;

/** The encoder's state between slices: the last line, kept until it is known whether it needs a soft break. */
class QuotedPrintableOutput {
  private readonly parts: Buffer[] = [];
  private currentLine: Buffer = Buffer.alloc(0);
  private lastByte: number | undefined;

  constructor(private readonly binary: boolean) {}

  encodeSlices(bytes: Buffer): void {
    for (let start = 0; start < bytes.length; start += SLICE_SIZE) {
      const end = Math.min(start + SLICE_SIZE, bytes.length);
      this.encodeSlice(bytes.subarray(start, end), end < bytes.length ? bytes[end] : undefined);
      this.lastByte = bytes[end - 1];
    }
  }

  finish(): Buffer {
    if (this.currentLine.length) this.parts.push(this.currentLine);
    return Buffer.concat(this.parts);
  }

  private encodeSlice(bytes: Buffer, next: number | undefined): void {
    const encoded = escape(bytes, next, this.binary, this.lastByte);
    const wrapped = wrap(this.currentLine.length ? Buffer.concat([this.currentLine, encoded]) : encoded);
    const lastLf = wrapped.lastIndexOf(LF);
    this.currentLine = wrapped.subarray(lastLf + 1);
    if (lastLf >= 0) this.parts.push(wrapped.subarray(0, lastLf + 1));
  }
}

/**
 * Every byte literal or as `=XX`. Whitespace before a line break (or before the end, `next`
 * undefined) is escaped; for binary data only a CRLF pair is a line break, a lone CR or LF is data.
 */
function escape(bytes: Buffer, next: number | undefined, binary: boolean, previous: number | undefined): Buffer {
  const output = Buffer.allocUnsafe(bytes.length * 3);
  const alwaysLiteral = binary ? ALWAYS_LITERAL_BINARY : ALWAYS_LITERAL_TEXT;
  let at = 0;
  for (let i = 0; i < bytes.length; i += 1) {
    const byte = bytes[i];
    if (alwaysLiteral[byte]) {
      output[at++] = byte;
      continue;
    }
    const following = i + 1 < bytes.length ? bytes[i + 1] : next;
    const lineBreakByte = binary && (byte === CR || byte === LF) ? (byte === CR ? following === LF : (i > 0 ? bytes[i - 1] : previous) === CR) : true;
    if (LITERAL[byte] && lineBreakByte && !(isWhitespace(byte) && (following === undefined || following === LF || following === CR))) {
      output[at++] = byte;
      continue;
    }
    output[at++] = EQUALS;
    output[at++] = HEX_DIGITS[byte >> 4];
    output[at++] = HEX_DIGITS[byte & 0x0f];
  }
  return output.subarray(0, at);
}

/**
 * Soft line breaks, as nodemailer's `wrap` places them: a line ends at a line break in it, else
 * after the last space or punctuation in its last third, never inside an `=XX` escape nor
 * between the escapes of one UTF-8 character, and a broken line ends with `=`.
 */
function wrap(text: Buffer): Buffer {
  const length = text.length;
  if (length <= LINE_LENGTH) return text;
  const output = new GrowingBuffer(length + (length >> 4) + 16);
  // The next CR LF and the next LF, each found once by a native search rather than looked for on every line.
  const crlfs = new NextOf(text, CRLF);
  const lfs = new NextOf(text, LF);
  let pos = 0;
  while (pos < length) {
    const start = pos;
    const windowEnd = Math.min(pos + LINE_LENGTH, length);
    const crlf = crlfs.from(start);
    if (crlf >= 0 && crlf + 1 < windowEnd) {
      output.write(text, start, crlf + 2);
      pos = crlf + 2;
      continue;
    }
    if (text[windowEnd - 1] === LF) {
      output.write(text, start, windowEnd);
      pos = windowEnd;
      continue;
    }
    const tailStart = Math.max(start, windowEnd - LINE_MARGIN);
    const firstLf = lfs.from(tailStart);
    const lastLf = firstLf >= 0 && firstLf < windowEnd ? lastLfIn(text, firstLf, windowEnd) : -1;
    // The line ends after the last LF of its last third, unless a CR follows that LF in the line.
    if (lastLf >= 0 && !includesBefore(text, CR, lastLf + 1, windowEnd)) {
      output.write(text, start, lastLf + 1);
      pos = lastLf + 1;
      continue;
    }
    let end = windowEnd;
    const breakAt = windowEnd - start > LINE_LENGTH - LINE_MARGIN ? lastBreakable(text, tailStart, windowEnd) : -1;
    if (breakAt >= 0) {
      end = breakAt + 1;
    } else if (endsWithPartialEscape(text, start, end)) {
      // An incomplete escape goes to the next line whole.
      if (text[end - 1] === EQUALS) end -= 1;
      else if (end - 2 >= start && text[end - 2] === EQUALS && isHex(text[end - 1])) end -= 2;
      // So do the escapes of a UTF-8 character's bytes, up to its lead byte.
      while (end - start > 3 && end - start < length - pos && !isOnlyEscapes(text, start, end) && endsWithEscape(text, start, end)) {
        const code = hexValue(text[end - 2]) * 16 + hexValue(text[end - 1]);
        if (code < 0x80) break;
        end -= 3;
        if (code >= 0xc0) break;
      }
    }
    // Emptied by the trimming above only by an incomplete escape at the very end: taken as is.
    if (end === start) end = windowEnd;
    if (end < length && text[end - 1] !== LF) {
      if (end - start === LINE_LENGTH) end -= endsWithEscape(text, start, end) ? 3 : 1;
      output.write(text, start, end);
      output.write(SOFT_BREAK, 0, SOFT_BREAK.length);
    } else {
      output.write(text, start, end);
    }
    pos = end;
  }
  return output.result();
}

/** Where a byte sequence next occurs from a position on; positions asked for only grow. */
class NextOf {
  private found = -1;
  private searchedFrom = -1;

  constructor(
    private readonly text: Buffer,
    private readonly value: Buffer | number,
  ) {}

  /** The first occurrence at or after `position`, or -1. */
  from(position: number): number {
    if (this.searchedFrom < 0 || (this.found >= 0 && this.found < position)) {
      this.found = this.text.indexOf(this.value, position);
      this.searchedFrom = position;
    }
    return this.found;
  }
}

function includesBefore(text: Buffer, byte: number, start: number, end: number): boolean {
  for (let at = start; at < end; at += 1) if (text[at] === byte) return true;
  return false;
}

/** The last LF in [start, end), or -1. */
function lastLfIn(text: Buffer, start: number, end: number): number {
  for (let at = end - 1; at >= start; at -= 1) if (text[at] === LF) return at;
  return -1;
}

function lastBreakable(text: Buffer, start: number, end: number): number {
  for (let at = end - 1; at >= start; at -= 1) if (BREAKABLE[text[at]]) return at;
  return -1;
}

/** Ends with `=`, `=X` or `=XX` (X a hex digit, either case). */
function endsWithPartialEscape(text: Buffer, start: number, end: number): boolean {
  if (end - 1 >= start && text[end - 1] === EQUALS) return true;
  if (end - 2 >= start && text[end - 2] === EQUALS && isHex(text[end - 1])) return true;
  return endsWithEscape(text, start, end);
}

function endsWithEscape(text: Buffer, start: number, end: number): boolean {
  return end - 3 >= start && text[end - 3] === EQUALS && isHex(text[end - 2]) && isHex(text[end - 1]);
}

/** One to four `=XX` escapes and nothing else. */
function isOnlyEscapes(text: Buffer, start: number, end: number): boolean {
  const length = end - start;
  if (length % 3 !== 0 || length < 3 || length > 12) return false;
  for (let at = start; at < end; at += 3) if (!(text[at] === EQUALS && isHex(text[at + 1]) && isHex(text[at + 2]))) return false;
  return true;
}

function isHex(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66);
}

function hexValue(byte: number): number {
  return byte <= 0x39 ? byte - 0x30 : (byte | 0x20) - 0x61 + 10;
}

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09;
}

/** Bytes appended into one buffer that doubles when full. */
class GrowingBuffer {
  private buffer: Buffer;
  private length = 0;

  constructor(capacity: number) {
    this.buffer = Buffer.allocUnsafe(capacity);
  }

  write(source: Buffer, start: number, end: number): void {
    const needed = this.length + end - start;
    if (needed > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.buffer.length * 2));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    source.copy(this.buffer, this.length, start, end);
    this.length = needed;
  }

  result(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}
