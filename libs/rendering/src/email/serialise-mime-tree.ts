import type { Transform } from 'node:stream';
import { Encoder as Base64Encoder } from 'nodemailer/lib/base64';
import type MimeNode from 'nodemailer/lib/mime-node';
import { encodeQuotedPrintable } from './quoted-printable';

/**
 * A compiled MailComposer tree as the bytes `node.build()` gives, written in
 * one synchronous pass.
 *
 * Why not `build()`: it streams the tree, and schedules each part, each
 * boundary and each piece of content on its own `setImmediate` — about twenty
 * turns of the event loop for an invoice email. In a worker that renders a
 * billing run, every turn waits behind the documents being composed: a send
 * try of 13 emails spent ~130 ms preparing them under load, where a whole SMS
 * try took ~85 ms, and the email channel held the sends back. Here the tree
 * nodemailer composed (its headers, boundaries and encodings) is written with
 * nodemailer's base64 encoder fed the whole content at once as the stream feeds
 * it, and with `encodeQuotedPrintable`, which writes what nodemailer's
 * quoted-printable encoder does without its garbage, so the bytes are the
 * same; `serialise-mime-tree.spec.ts` holds that against `build()`.
 *
 * Only string and Buffer content is written: a part that points to a file, a
 * URL or a stream, or raw content, is refused, as the platform never builds one.
 */
export function serialiseMimeTree(root: MimeNode): Buffer {
  const out: Buffer[] = [];
  writeNode(root, out);
  const message = Buffer.concat(out);
  // As nodemailer's last stage does: the message ends with a line break.
  const last = message.at(-1);
  if (last === 0x0a) return message;
  return Buffer.concat([message, Buffer.from(last === 0x0d ? '\n' : '\r\n', 'latin1')]);
}

function writeNode(node: MimeNode, out: Buffer[]): void {
  if ((node as unknown as { _raw?: unknown })._raw) throw new Error('serialiseMimeTree writes composed parts only, not raw ones');
  out.push(Buffer.from(node.buildHeaders() + '\r\n\r\n', 'utf8'));
  // Asked after the headers, which record it: asked before, it scans the whole content once more.
  if (node.content) out.push(encoded(node, contentBytes(node.content), node.getTransferEncoding()));
  if (!node.multipart) return;
  node.childNodes.forEach((child, index) => {
    out.push(Buffer.from(`${index > 0 ? '\r\n' : ''}--${node.boundary}\r\n`, 'latin1'));
    writeNode(child, out);
  });
  out.push(Buffer.from(`\r\n--${node.boundary}--\r\n`, 'latin1'));
}

function contentBytes(content: NonNullable<MimeNode['content']>): Buffer {
  if (typeof content === 'string') return Buffer.from(content, 'utf8');
  if (Buffer.isBuffer(content)) return content;
  throw new Error('serialiseMimeTree writes string and Buffer content only, not files, URLs or streams');
}

function encoded(node: MimeNode, bytes: Buffer, transferEncoding: string | false): Buffer {
  if (transferEncoding === 'base64') return drain(new Base64Encoder(), bytes);
  // Outside text a lone CR or LF is data: nodemailer encodes it so no line-end rewrite can change it.
  if (transferEncoding === 'quoted-printable') return encodeQuotedPrintable(bytes, { binary: !/^text\//i.test(node.contentType || '') });
  return bytes;
}

/** The encoder's output for `bytes` as one chunk then the end: its transform and flush steps, called in place. */
function drain(encoder: Transform, bytes: Buffer): Buffer {
  const chunks: Buffer[] = [];
  const collect = (chunk: Buffer | string | null): boolean => {
    if (chunk !== null) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk);
    return true;
  };
  encoder.push = collect;
  const failed = (error?: Error | null) => {
    if (error) throw error;
  };
  // 'buffer' is what a stream passes for Buffer chunks; the encoders read it as such.
  encoder._transform(bytes, 'buffer' as BufferEncoding, failed);
  encoder._flush!(failed);
  return Buffer.concat(chunks);
}
