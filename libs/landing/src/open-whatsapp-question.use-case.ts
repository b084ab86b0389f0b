import { Injectable } from '@nestjs/common';
import { ActionLinks } from '@app/actions';
import { LandingDocumentReader } from './landing-document';
import type { StoredQuestion } from './landing-facts.repository';
import { OpenQuestionUseCase } from './open-question.use-case';

/** What the invoice's WhatsApp "ask" quick-reply button carries back: `ask:<ask link token>`. */
export const ASK_BUTTON_PAYLOAD_PREFIX = 'ask:';

export interface WhatsAppAskPress {
  /** The button's payload, as the webhook reported it. */
  readonly payload: string;
  /** The customer's number in E.164: where the acknowledgement goes. */
  readonly from: string;
  /** The button's label, kept as the question's words. */
  readonly text: string | null;
  /** Meta's id of the message (`wamid…`): a redelivered webhook opens no second question. */
  readonly messageId: string | null;
}

/**
 * A press of the "ask" quick reply under an invoice on WhatsApp: opens a
 * question on that invoice (origin `whatsapp`, topic `other`: the customer
 * will say more in the chat) and acknowledges it in the same chat. The
 * payload is the ask link's token, so it resolves exactly as the ask page
 * does; a payload that names no link is ignored (null). An expired or
 * revoked link still opens the question: the webhook is signed by Meta and
 * comes from the number the invoice was sent to.
 */
@Injectable()
export class OpenWhatsAppQuestionUseCase {
  constructor(
    private readonly links: ActionLinks,
    private readonly reader: LandingDocumentReader,
    private readonly openQuestion: OpenQuestionUseCase,
  ) {}

  async execute(press: WhatsAppAskPress): Promise<StoredQuestion | null> {
    if (!press.payload.startsWith(ASK_BUTTON_PAYLOAD_PREFIX)) return null;
    const link = await this.links.resolve('ask', press.payload.slice(ASK_BUTTON_PAYLOAD_PREFIX.length));
    if (link.status === 'unknown') return null;
    const document = await this.reader.read(link.documentId);
    if (!document) return null;
    return this.openQuestion.execute({
      document,
      linkId: link.linkId,
      origin: 'whatsapp',
      topic: 'other',
      lineRef: null,
      message: (press.text ?? '').slice(0, 1000),
      providerMessageId: press.messageId ?? undefined,
      acknowledgeTo: { channel: 'whatsapp', to: press.from },
    });
  }
}
