import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { DocumentHead, GetEmailMessageUseCase, GetRenditionUseCase } from '@app/documents';
import { EmailTransport } from './email-transport';
import type { DeliveryEntity } from './delivery.entity';
import type { Accepted } from './provider-failure';
import { SmsTransport } from './sms-transport';
import { WhatsAppTransport } from './whatsapp-transport';

/** A delivery's message, read and ready to hand to its channel's transport. */
export interface ReadyMessage {
  readonly provider: string;
  send(): Promise<Accepted>;
}

/**
 * Reads what a delivery sends — always the stored rendition bytes, never a
 * fresh render — and pairs it with its channel's transport.
 */
@Injectable()
export class ChannelMessages {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly emailMessages: GetEmailMessageUseCase,
    private readonly renditions: GetRenditionUseCase,
    private readonly email: EmailTransport,
    private readonly sms: SmsTransport,
    private readonly whatsapp: WhatsAppTransport,
  ) {}

  /** The name of the transport that carries a channel's messages. */
  providerFor(channel: DeliveryEntity['channel']): string {
    return { email: this.email, sms: this.sms, whatsapp: this.whatsapp }[channel].name;
  }

  /** `document` is the delivery's, as the caller read it. */
  async prepare(delivery: DeliveryEntity, document: DocumentHead): Promise<ReadyMessage> {
    switch (delivery.channel) {
      case 'email': {
        const message = await this.emailMessages.of(document);
        const email = { raw: message.bytes, envelope: { from: this.config.emailFrom, to: [delivery.recipient] }, messageId: message.messageId, subject: subjectOf(message.bytes) };
        return { provider: this.email.name, send: () => this.email.send(email) };
      }
      case 'sms': {
        const rendition = await this.renditions.of(document, 'sms');
        const { text } = JSON.parse(rendition.body.toString('utf8')) as { text: string };
        const sms = { to: delivery.recipient, text, rendition: rendition.body, idempotencyKey: delivery.messageId };
        return { provider: this.sms.name, send: () => this.sms.send(sms) };
      }
      case 'whatsapp': {
        const rendition = await this.renditions.of(document, 'whatsapp');
        const { template } = JSON.parse(rendition.body.toString('utf8')) as { template?: { name?: string } };
        const message = { to: delivery.recipient, payload: rendition.body, templateName: template?.name, idempotencyKey: delivery.messageId };
        return { provider: this.whatsapp.name, send: () => this.whatsapp.send(message) };
      }
    }
  }
}

/** The `Subject:` header as written (encoded words left as they are). */
function subjectOf(raw: Buffer): string | undefined {
  const head = raw.subarray(0, Math.min(raw.length, 16_384)).toString('latin1');
  const end = head.indexOf('\r\n\r\n');
  const match = /^Subject:[ \t]*((?:.*)(?:\r\n[ \t].*)*)/im.exec(end >= 0 ? head.slice(0, end) : head);
  return match ? match[1].replace(/\r\n[ \t]/g, ' ').trim() : undefined;
}
