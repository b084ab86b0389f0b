/**
 * Text the template itself wrote (its markup between placeholders, a catalog
 * label that is the same for every document of a language). Its UTF-8 bytes
 * are made once, so a merge that produces bytes copies them instead of
 * encoding the same tens of kilobytes again for every message.
 */
export class FixedText {
  private encoded: Buffer | undefined;

  constructor(readonly text: string) {}

  get bytes(): Buffer {
    this.encoded ??= Buffer.from(this.text, 'utf8');
    return this.encoded;
  }
}

/** A merge's output as it is written: fixed text and per-document text, in order. */
export class MergeOutput {
  private readonly parts: Array<string | FixedText> = [];

  write(text: string): void {
    if (text !== '') this.parts.push(text);
  }

  writeFixed(text: FixedText): void {
    this.parts.push(text);
  }

  toString(): string {
    let output = '';
    for (const part of this.parts) output += typeof part === 'string' ? part : part.text;
    return output;
  }

  /** The UTF-8 bytes: fixed text copied from its bytes, only per-document text encoded. */
  toBytes(): Buffer {
    // A UTF-16 code unit never needs more than 3 UTF-8 bytes.
    let bound = 0;
    for (const part of this.parts) bound += typeof part === 'string' ? part.length * 3 : part.bytes.length;
    const bytes = slab.reserve(bound);
    let offset = 0;
    for (const part of this.parts) {
      if (typeof part === 'string') {
        offset += bytes.write(part, offset, 'utf8');
      } else {
        bytes.set(part.bytes, offset);
        offset += part.bytes.length;
      }
    }
    return slab.commit(bytes, offset);
  }
}

/**
 * Message bodies are carved from shared slabs, as Node carves small buffers
 * from its pool. Every buffer allocated outside the JavaScript heap counts
 * towards the garbage collector's external memory, and a 40 KB allocation per
 * email made full collections of the whole heap frequent enough to cost more
 * than the merge itself. The price is that a body keeps its slab alive while
 * it lives; bodies live until they are stored or sent.
 */
class ByteSlab {
  private slab = Buffer.allocUnsafeSlow(0);
  private used = 0;

  constructor(private readonly size: number) {}

  /** Room for `bound` bytes, valid until `commit`; nothing else may reserve in between. */
  reserve(bound: number): Buffer {
    if (bound > this.size / 4) return Buffer.allocUnsafeSlow(bound);
    if (this.used + bound > this.slab.length) {
      this.slab = Buffer.allocUnsafeSlow(this.size);
      this.used = 0;
    }
    return this.slab.subarray(this.used, this.used + bound);
  }

  /** Keeps the first `length` bytes of what `reserve` gave and returns them. */
  commit(reserved: Buffer, length: number): Buffer {
    if (reserved.buffer === this.slab.buffer) this.used += (length + 7) & ~7;
    return reserved.subarray(0, length);
  }
}

const slab = new ByteSlab(512 * 1024);
