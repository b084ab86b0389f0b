import { Injectable } from '@nestjs/common';
import { ChangeChannelConsentUseCase, ConsentChangeOutcome } from '@app/consent';
import { RecipientCustomersRepository } from '@app/dispatch';
import { consentKeywordIn } from './consent-keywords';

export interface InboundMessage {
  readonly channel: 'sms' | 'whatsapp';
  /** The sender, in E.164. */
  readonly from: string;
  readonly body: string;
  /** `sms-inbound`, `whatsapp-inbound`. */
  readonly source: string;
  readonly receivedAt: Date;
}

/**
 * A customer's reply: STOP (and the other opt-out words) opts the number out of
 * the channel it came on, START opts it back in — for the number itself and for
 * every customer whose documents went to it. Any other reply changes nothing.
 */
@Injectable()
export class ApplyConsentKeywordUseCase {
  constructor(
    private readonly recipients: RecipientCustomersRepository,
    private readonly changeConsent: ChangeChannelConsentUseCase,
  ) {}

  async execute(message: InboundMessage): Promise<ConsentChangeOutcome | null> {
    const keyword = consentKeywordIn(message.body);
    if (!keyword) return null;
    return this.changeConsent.execute({
      channel: message.channel,
      address: message.from,
      customerIds: await this.recipients.customerIdsAt(message.from),
      optedOut: keyword.optedOut,
      keyword: keyword.word,
      source: message.source,
      actor: `system:${message.source}`,
      at: message.receivedAt,
    });
  }
}
