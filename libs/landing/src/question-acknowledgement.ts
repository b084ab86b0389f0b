import { Inject, Injectable, Logger } from '@nestjs/common';
import MailComposer from 'nodemailer/lib/mail-composer';
import { APP_CONFIG, AppConfig } from '@app/config';
import { ChannelConsentRepository } from '@app/consent';
import { DeliveryRepository, EmailTransport, SmsTransport, WhatsAppTransport } from '@app/dispatch';
import type { LandingDocument } from './landing-document';
import { PageMessages } from './landing-messages';
import type { StoredQuestion } from './landing-facts.repository';

/** Where an acknowledgement goes: a channel and the address on it. */
export interface AcknowledgementTarget {
  readonly channel: 'email' | 'sms' | 'whatsapp';
  readonly to: string;
}

/**
 * Tells the customer their question arrived, in one short message on the
 * channel the invoice first went out on (a WhatsApp question is answered on
 * WhatsApp, to the number that asked).
 *
 * It is handed straight to the channel's transport (`EmailTransport`,
 * `SmsTransport`, `WhatsAppTransport`: the outbox, SMTP, Twilio or the Cloud
 * API, as configured) once the question has committed, rather than planned as
 * a delivery: a delivery is a rendition of a document with its own template,
 * approval and retries, which a one-line courtesy does not need. The question
 * itself already reached the business as a signed event in its transaction,
 * so a lost acknowledgement costs the customer a confirmation, never the
 * question. WhatsApp text is allowed inside the 24-hour window a customer's
 * own message opens — always the case for a question asked on WhatsApp; for
 * a question from the page, Meta may refuse it outside that window (logged).
 * A channel the customer opted out of (STOP) gets nothing, as for deliveries.
 */
@Injectable()
export class QuestionAcknowledgement {
  private readonly logger = new Logger('QuestionAcknowledgement');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly deliveries: DeliveryRepository,
    private readonly consent: ChannelConsentRepository,
    private readonly email: EmailTransport,
    private readonly sms: SmsTransport,
    private readonly whatsapp: WhatsAppTransport,
  ) {}

  /** The first channel the document was dispatched on, or null when it was never sent. */
  async firstChannelOf(documentId: string): Promise<AcknowledgementTarget | null> {
    const [first] = await this.deliveries.forDocument(documentId);
    return first ? { channel: first.channel, to: first.recipient } : null;
  }

  /** Sends it; never throws (the question stands either way). Returns whether the transport accepted it. */
  async send(target: AcknowledgementTarget, document: LandingDocument, question: StoredQuestion): Promise<boolean> {
    const messages = new PageMessages(document.language, document.localeTag);
    const text = messages.t('ackText', { number: document.number, within: messages.answerWithin(this.config.landing.askAnswerWithin) });
    const key = `question-${question.id}`;
    try {
      if (await this.consent.optOutFor(target.channel, document.recipient.customerId, target.to)) {
        this.logger.log(`question ${question.id} not acknowledged: ${target.channel} is opted out`);
        return false;
      }
      switch (target.channel) {
        case 'email': {
          const messageId = `<${key}@${new URL(this.config.publicUrl).hostname}>`;
          const subject = messages.t('ackSubject', { number: document.number });
          const raw = await new MailComposer({ from: this.config.emailFrom, to: target.to, subject, text, messageId, date: question.createdAt }).compile().build();
          await this.email.send({ raw, envelope: { from: addressOf(this.config.emailFrom), to: [target.to] }, messageId, subject });
          break;
        }
        case 'sms':
          await this.sms.send({ to: target.to, text, rendition: Buffer.from(JSON.stringify({ text })), idempotencyKey: key });
          break;
        case 'whatsapp': {
          const payload = { messaging_product: 'whatsapp', recipient_type: 'individual', to: target.to.replace(/^\+/, ''), type: 'text', text: { body: text } };
          await this.whatsapp.send({ to: target.to, payload: Buffer.from(JSON.stringify(payload)), idempotencyKey: key });
          break;
        }
      }
      return true;
    } catch (error) {
      this.logger.warn(`acknowledgement of question ${question.id} by ${target.channel} failed: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }
}

/** The bare address of `Name <address>`, for the SMTP envelope. */
function addressOf(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from;
}
