import { createHash } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import { inlineDataImages } from './inline-data-images';
import { serialiseMimeTree } from './serialise-mime-tree';

export interface MimeAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly content: Buffer;
}

export interface MimeMessageInput {
  readonly from: string;
  readonly to?: { readonly name: string; readonly address: string };
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  /** Stable across rebuilds and resends, so a retried send is recognisable as the same message. */
  readonly messageId: string;
  readonly date: Date;
  readonly attachments?: readonly MimeAttachment[];
  /**
   * RFC 8058 one-click unsubscribe, for a message that carries marketing
   * content: `List-Unsubscribe: <https://…>` and `List-Unsubscribe-Post:
   * List-Unsubscribe=One-Click`. An URL with CR, LF or angle brackets is refused.
   */
  readonly listUnsubscribe?: string;
}

/**
 * The email as it goes over SMTP: multipart/alternative (text and HTML), inside
 * multipart/mixed when attachments (the invoice PDF) come with it. The same
 * input always gives the same bytes: boundaries derive from the Message-ID,
 * and the Date is the document's, so the output can be hashed and kept.
 * Header values (names, subjects) are encoded by the composer, so customer
 * data with CR/LF cannot add headers.
 *
 * Images the HTML carries as `data:` URIs (`<img src="data:image/png;base64,...">`,
 * how brand assets are inlined) are moved into the message as inline parts:
 * Gmail and Outlook on the web do not show `data:` images at all, while an
 * image referenced by `cid:` is shown by every client. The HTML part then says
 * `src="cid:<id>"` and sits in a multipart/related with the images
 * (mixed > alternative > related when a PDF is attached). The Content-ID
 * derives from the image bytes, so an image used twice is one part referenced
 * twice and a rebuild is still byte-identical. Only `<img src>` with a listed
 * image type and valid base64 is moved; anything else (fonts in CSS `url()`,
 * other types, malformed URIs) stays as it is. The HTML rendition stored and
 * served elsewhere keeps its data URIs; this is only the message as sent.
 */
export async function buildMimeMessage(input: MimeMessageInput): Promise<Buffer> {
  const { html, images } = inlineDataImages(input.html);
  const attachments = [
    ...(input.attachments ?? []).map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
    // With a `cid`, MailComposer puts these beside the HTML in multipart/related.
    ...images.map((image) => ({
      filename: image.filename,
      contentType: image.contentType,
      content: image.content,
      cid: image.cid,
      contentDisposition: 'inline' as const,
    })),
  ];
  const headers = input.listUnsubscribe === undefined ? undefined : unsubscribeHeaders(input.listUnsubscribe);
  const composer = new MailComposer({
    from: input.from,
    to: input.to ? { name: input.to.name, address: input.to.address } : undefined,
    subject: input.subject,
    text: withCrlf(input.text),
    html: withCrlf(html),
    messageId: input.messageId,
    date: input.date,
    baseBoundary: createHash('sha256').update(input.messageId).digest('hex').slice(0, 16),
    attachments: input.attachments || images.length > 0 ? attachments : undefined,
    headers,
  } as ConstructorParameters<typeof MailComposer>[0]);
  // Written in one pass rather than streamed: see serialiseMimeTree for why.
  return crlfOnly(serialiseMimeTree(composer.compile()));
}

/** The two RFC 8058 headers; the URL must be one https URL on one line, as a header value cannot carry more. */
function unsubscribeHeaders(url: string): Record<string, { prepared: true; value: string }> {
  if (!/^https:\/\/[\x21-\x7e]{1,900}$/.test(url) || /[<>"]/.test(url)) {
    throw new Error('List-Unsubscribe must be one printable ASCII https URL without spaces, quotes or angle brackets');
  }
  // Prepared: written as given, never folded, so the URL reaches the mailbox provider in one piece.
  return {
    'List-Unsubscribe': { prepared: true, value: `<${url}>` },
    'List-Unsubscribe-Post': { prepared: true, value: 'List-Unsubscribe=One-Click' },
  };
}

/** Text with every line end as CRLF, the only one SMTP allows (RFC 5322 §2.3). */
function withCrlf(text: string): string {
  return text.replace(/\r?\n|\r/g, '\r\n');
}

/**
 * The built message with any LF not after a CR made CRLF: the composer copies
 * 7bit and quoted-printable bodies as given, and SMTP servers refuse a bare LF
 * (it is how SMTP smuggling starts), so it must never reach them.
 */
function crlfOnly(message: Buffer): Buffer {
  // Line ends are found with indexOf, natively: a byte-by-byte loop over every message was a visible part of a send.
  const bare: number[] = [];
  for (let at = message.indexOf(0x0a); at >= 0; at = message.indexOf(0x0a, at + 1)) if (message[at - 1] !== 0x0d) bare.push(at);
  if (!bare.length) return message;
  const parts: Buffer[] = [];
  let from = 0;
  for (const at of bare) {
    parts.push(message.subarray(from, at), CR);
    from = at;
  }
  parts.push(message.subarray(from));
  return Buffer.concat(parts);
}

const CR = Buffer.from('\r', 'latin1');
