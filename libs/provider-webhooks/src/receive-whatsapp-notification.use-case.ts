import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { ApplyProviderStatusUseCase } from '@app/dispatch';
import { DomainError } from '@app/kernel';
import { ASK_BUTTON_PAYLOAD_PREFIX, OpenWhatsAppQuestionUseCase } from '@app/landing';
import { ApplyConsentKeywordUseCase } from './apply-consent-keyword.use-case';
import { toE164 } from './e164';
import { isValidMetaSignature } from './meta-signature';
import type { WebhookOutcome } from './webhook-outcome';
import { fromWhatsAppStatus, parseWhatsAppNotification } from './whatsapp-payload';

export interface WhatsAppWebhook {
  readonly signature: string | undefined;
  readonly rawBody: Buffer;
}

/**
 * A WhatsApp Cloud API webhook: statuses of messages we sent, and customers'
 * messages — STOP and START texts, and presses of an invoice's "ask" quick
 * reply (payload `ask:<token>`), which open a question on that invoice. The
 * body is not even parsed until its signature over the raw bytes checks out.
 */
@Injectable()
export class ReceiveWhatsAppNotificationUseCase {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly applyStatus: ApplyProviderStatusUseCase,
    private readonly applyKeyword: ApplyConsentKeywordUseCase,
    private readonly openQuestion: OpenWhatsAppQuestionUseCase,
  ) {}

  async execute(webhook: WhatsAppWebhook): Promise<WebhookOutcome> {
    const secret = this.config.whatsapp.appSecret;
    if (!secret) throw new DomainError('unauthenticated', 'WhatsApp webhooks are not accepted here: no WhatsApp app secret is configured');
    if (!isValidMetaSignature(secret, webhook.rawBody, webhook.signature)) {
      throw new DomainError('unauthenticated', 'The X-Hub-Signature-256 header is missing or does not match this body');
    }
    const notification = parseWhatsAppNotification(webhook.rawBody);
    const newlyFailedDeliveryIds: string[] = [];
    for (const reported of notification.statuses) {
      const status = fromWhatsAppStatus(reported.status);
      if (!status) continue;
      const outcome = await this.applyStatus.execute({
        provider: 'whatsapp',
        providerMessageId: reported.id,
        providerStatus: reported.status,
        status,
        errorCode: reported.errorCode,
        occurredAt: reported.occurredAt ?? new Date(),
        payload: reported.raw,
      });
      if (outcome.newlyFailed && outcome.deliveryId) newlyFailedDeliveryIds.push(outcome.deliveryId);
    }
    for (const message of notification.messages) {
      const from = toE164(message.from);
      if (!from) continue;
      if (message.button?.payload.startsWith(ASK_BUTTON_PAYLOAD_PREFIX)) {
        await this.openQuestion.execute({ payload: message.button.payload, from, text: message.button.text, messageId: message.id });
      } else if (message.text !== null) {
        await this.applyKeyword.execute({ channel: 'whatsapp', from, body: message.text, source: 'whatsapp-inbound', receivedAt: message.sentAt ?? new Date() });
      }
    }
    return { newlyFailedDeliveryIds };
  }
}
