import { Readable } from 'node:stream';
import { Encoder } from 'nodemailer/lib/qp';
import { encodeQuotedPrintable } from './quoted-printable';

/** nodemailer's encoder as a message build streams through it, the content given as one chunk. */
async function nodemailerEncoded(content: Buffer, binary: boolean): Promise<string> {
  const chunks: Buffer[] = [];
  const encoder = Readable.from([content]).pipe(new Encoder({ binary }));
  for await (const chunk of encoder) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('latin1');
}

/** A small deterministic generator, so a failing input can be made again from its round. */
function generator(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
}

/** Pieces a message's text is made of, and the ones that sit where a line is broken. */
const PIECES = [
  'a', 'Z', 'invoice', ' ', '  ', '\t', '\r\n', '\n', '\r', '=', '==', '=3D', '.', ',', '!', '?',
  'é', 'ع', 'فاتورة', '中', '账单已出', '€', '😀', '<td style="padding:6px">', '\u200f', '\u0000', '\u007f', 'x'.repeat(90),
];

function generated(random: () => number, size: number): Buffer {
  const parts: Buffer[] = [];
  let length = 0;
  while (length < size) {
    const piece = random() < 0.05 ? Buffer.from([Math.floor(random() * 256)]) : Buffer.from(PIECES[Math.floor(random() * PIECES.length)], 'utf8');
    parts.push(piece);
    length += piece.length;
  }
  return Buffer.concat(parts);
}

describe('encodeQuotedPrintable', () => {
  it.each<[string, Buffer]>([
    ['nothing', Buffer.alloc(0)],
    ['a short line', Buffer.from('Invoice 42.00')],
    ['only whitespace', Buffer.from('  \t ')],
    ['whitespace before line breaks and at the end', Buffer.from('total  \r\nline\t\r\nend   ')],
    ['a line of 300 characters without a place to break', Buffer.from('x'.repeat(300))],
    ['words longer than the line', Buffer.from('word '.repeat(200))],
    ['Arabic (every byte escaped)', Buffer.from('فاتورتك لشهر مارس جاهزة، المبلغ المستحق ٤٢٫٠٠ ر.س — ادفع الآن '.repeat(40))],
    ['escapes at every column', Buffer.from('=é'.repeat(500))],
    ['lone CR and LF', Buffer.from('{"a":1}\n{"b":"x\ry"}\r\n\n\r')],
    ['more than one 64 KB slice', Buffer.from('<tr><td>您的三月账单已出，应付金额 ¥42.00</td><td>  </td></tr>\r\n'.repeat(2_000))],
    ['whitespace ending a slice', Buffer.concat([Buffer.from('a'.repeat(64 * 1024 - 2)), Buffer.from('   b\r\n  ')])],
    ['more trailing whitespace than a slice', Buffer.concat([Buffer.from('end'), Buffer.alloc(70_000, 0x20)])],
  ])('writes what nodemailer writes: %s', async (_name, content) => {
    for (const binary of [false, true]) {
      expect(encodeQuotedPrintable(content, { binary }).toString('latin1')).toBe(await nodemailerEncoded(content, binary));
    }
  });

  it('writes what nodemailer writes for 600 generated texts and binary contents of up to 150 KB', async () => {
    for (let round = 1; round <= 600; round += 1) {
      const random = generator(round);
      const size = round % 50 === 0 ? 70_000 + Math.floor(random() * 80_000) : Math.floor(random() * 3_000);
      const content = generated(random, size);
      const binary = round % 3 === 0;
      const ours = encodeQuotedPrintable(content, { binary }).toString('latin1');
      const theirs = await nodemailerEncoded(content, binary);
      if (ours !== theirs) throw new Error(`round ${round} (binary ${binary}, ${content.length} bytes) differs from nodemailer's encoding`);
    }
  });

  it('keeps every line within 76 characters and decodes back to the content', () => {
    const content = generated(generator(7), 20_000);
    const encoded = encodeQuotedPrintable(content, { binary: false }).toString('latin1');
    expect(encoded.split(/\r?\n|\r/).every((line) => line.length <= 76)).toBe(true);
    const decoded = Buffer.from(
      encoded.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_escape, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    );
    expect(decoded.equals(content)).toBe(true);
  });
});
