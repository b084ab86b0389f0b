import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { DocumentRepository, GetEmailMessageUseCase } from '@app/documents';
import { DeliveryRepository } from './delivery.repository';
import { EmailTransport, EmailTransportError } from './email-transport';

export interface DispatchAttempt {
  /** No retry follows this one: a temporary failure now fails the delivery. */
  readonly last: boolean;
}

/**
 * Sends a rendered document to its recipient. Email only for now: a document
 * without an email rendition or address gets no delivery.
 *
 * `sending` is recorded before the transport is called and the provider's id
 * right after it accepted, so a crash in between leaves `sending` (the retry
 * sends the same bytes with the same `Message-ID`, which receivers
 * deduplicate). A permanent refusal (SMTP 5xx) fails the delivery at once; a
 * temporary one (4xx, connection) is thrown so the job queue retries with
 * backoff, unless this was the last try.
 */
@Injectable()
export class DispatchDeliveryUseCase {
  private readonly logger = new Logger('DispatchDelivery');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly documents: DocumentRepository,
    private readonly emailMessages: GetEmailMessageUseCase,
    private readonly deliveries: DeliveryRepository,
    private readonly transport: EmailTransport,
  ) {}

  async execute(documentId: string, attempt: DispatchAttempt): Promise<void> {
    const document = await this.documents.findById(documentId);
    if (!document) {
      this.logger.warn(`dispatch job for unknown document ${documentId} dropped`);
      return;
    }
    const to = document.recipient.email;
    if (!document.dispatch || !document.channels.includes('email') || !to) return;

    const message = await this.emailMessages.execute(documentId);
    const delivery = await this.deliveries.createQueued({ documentId, channel: 'email', recipient: to, messageId: message.messageId });
    const number = await this.deliveries.markSending(delivery.id);
    if (number === null) return;

    const startedAt = new Date();
    try {
      const accepted = await this.transport.send({
        raw: message.bytes,
        envelope: { from: this.config.emailFrom, to: [to] },
        messageId: message.messageId,
        subject: subjectOf(message.bytes),
      });
      await this.deliveries.settle(delivery.id, {
        attempt: number,
        startedAt,
        outcome: 'sent',
        provider: accepted.provider,
        providerMessageId: accepted.providerMessageId,
        error: null,
      });
    } catch (error) {
      const failure = error instanceof EmailTransportError ? error : new EmailTransportError(String((error as Error)?.message ?? error), false);
      const outcome = failure.permanent || attempt.last ? 'failed' : 'retry';
      await this.deliveries.settle(delivery.id, {
        attempt: number,
        startedAt,
        outcome,
        provider: this.transport.name,
        providerMessageId: null,
        error: failure.message.slice(0, 1000),
      });
      this.logger.warn(`email delivery ${delivery.id} of ${documentId}: ${outcome} (${failure.message})`);
      if (outcome === 'retry') throw failure;
    }
  }
}

/** The `Subject:` header as written (encoded words left as they are), for listing the outbox. */
function subjectOf(raw: Buffer): string | undefined {
  const head = raw.subarray(0, Math.min(raw.length, 16_384)).toString('latin1');
  const end = head.indexOf('\r\n\r\n');
  const match = /^Subject:[ \t]*((?:.*)(?:\r\n[ \t].*)*)/im.exec(end >= 0 ? head.slice(0, end) : head);
  return match ? match[1].replace(/\r\n[ \t]/g, ' ').trim() : undefined;
}
