import { createHash } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';

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
}

/**
 * The email as it goes over SMTP: multipart/alternative (text and HTML), inside
 * multipart/mixed when attachments (the invoice PDF) come with it. The same
 * input always gives the same bytes: boundaries derive from the Message-ID,
 * and the Date is the document's, so the output can be hashed and kept.
 * Header values (names, subjects) are encoded by the composer, so customer
 * data with CR/LF cannot add headers.
 */
export async function buildMimeMessage(input: MimeMessageInput): Promise<Buffer> {
  const composer = new MailComposer({
    from: input.from,
    to: input.to ? { name: input.to.name, address: input.to.address } : undefined,
    subject: input.subject,
    text: input.text,
    html: input.html,
    messageId: input.messageId,
    date: input.date,
    baseBoundary: createHash('sha256').update(input.messageId).digest('hex').slice(0, 16),
    attachments: input.attachments?.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
  } as ConstructorParameters<typeof MailComposer>[0]);
  return composer.compile().build();
}
