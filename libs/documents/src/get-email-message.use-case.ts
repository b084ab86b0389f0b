import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '@app/config';
import { DomainError, withoutBidiControls } from '@app/kernel';
import { OfferEmailHeaders } from '@app/offers';
import { buildMimeMessage, MimeAttachment } from '@app/rendering';
import { DocumentEntity } from './document.entity';
import { DocumentRepository } from './document.repository';
import { GetRenditionUseCase } from './get-rendition.use-case';

export interface EmailMessage {
  readonly bytes: Buffer;
  readonly sha256: string;
  readonly messageId: string;
}

/**
 * The whole email of a document as it is handed to SMTP: headers, text and
 * HTML alternatives, and the PDF attached when the document was also
 * requested as a PDF. Built from the stored renditions, so it is exactly what
 * was rendered, and deterministic, so a resend is byte-identical.
 */
@Injectable()
export class GetEmailMessageUseCase {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly documents: DocumentRepository,
    private readonly renditions: GetRenditionUseCase,
    private readonly offerHeaders: OfferEmailHeaders,
  ) {}

  async execute(documentId: string, signal?: AbortSignal): Promise<EmailMessage> {
    const document = await this.documents.findById(documentId);
    if (!document) throw new DomainError('not_found', `No document ${documentId}`);
    return this.of(document, signal);
  }

  /** The same for a document the caller has read already: dispatch reads a fetch's documents at once. */
  async of(document: Omit<DocumentEntity, 'data'>, signal?: AbortSignal): Promise<EmailMessage> {
    const documentId = document.id;
    // Read side by side: each is batched with the other emails of a send try, and one after the
    // other they were three waits for a turn of the worker's busy event loop instead of one.
    const [email, pdf, unsubscribe] = await Promise.all([
      this.renditions.of(document, 'email', signal),
      document.channels.includes('pdf') ? this.renditions.of(document, 'pdf', signal) : undefined,
      // An email that carries an offer can be unsubscribed from in one click (RFC 8058); a purely transactional one has nothing to leave.
      this.offerHeaders.forDocument(documentId),
    ]);
    const attachments: MimeAttachment[] = pdf ? [{ filename: attachmentName(document), contentType: 'application/pdf', content: pdf.body }] : [];
    const subject = email.metadata.subject;
    if (typeof subject !== 'string') throw new DomainError('rendition_failed', `The email rendition of ${documentId} has no subject`);
    const messageId = `<${documentId}.email@${new URL(this.config.publicUrl).hostname}>`;
    const bytes = await buildMimeMessage({
      from: this.config.emailFrom,
      // As in the rendered body: a name stored before intake stripped bidi controls must not reorder the To line.
      to: document.recipient.email ? { name: withoutBidiControls(document.recipient.name), address: document.recipient.email } : undefined,
      subject,
      html: email.body.toString('utf8'),
      text: email.altBody ?? '',
      messageId,
      date: document.createdAt,
      attachments,
      ...(unsubscribe ? { listUnsubscribe: unsubscribe.listUnsubscribe } : {}),
    });
    // Hashed only when asked (the API's ETag, the outbox): a send hands the bytes on and never needs it.
    let sha256: string | undefined;
    return {
      bytes,
      messageId,
      get sha256() {
        return (sha256 ??= createHash('sha256').update(bytes).digest('hex'));
      },
    };
  }
}

/** `INV-2026-000123.pdf`: the business reference when there is one, safe as a file name anywhere. */
function attachmentName(document: Pick<DocumentEntity, 'id' | 'externalRef'>): string {
  const base = (document.externalRef ?? document.id).replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 100);
  return `${base}.pdf`;
}
