import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { ApplyProviderStatusUseCase } from '@app/dispatch';
import { DomainError } from '@app/kernel';
import { ApplyConsentKeywordUseCase } from './apply-consent-keyword.use-case';
import { toE164 } from './e164';
import { fromTwilioStatus } from './twilio-status';
import { isValidTwilioSignature } from './twilio-signature';
import type { WebhookOutcome } from './webhook-outcome';

/** Twilio's message sids (`SM…`, `MM…`) are letters and digits; anything else is not one of ours. */
const TWILIO_SID = /^[A-Za-z0-9]{2,64}$/;
const TWILIO_ERROR_CODE = /^\d{1,10}$/;

export interface TwilioCallback {
  /** The path and query Twilio called, as received: the URL it signed is `CCM_PUBLIC_URL` + this. */
  readonly pathAndQuery: string;
  readonly signature: string | undefined;
  readonly rawBody: Buffer;
}

/**
 * A Twilio webhook: a message status callback (`MessageSid`, `MessageStatus`,
 * `ErrorCode`) or an inbound message (`From`, `Body`). The signature is
 * checked before anything is acted on, over the public URL — never one built
 * from the Host header, which the caller chooses.
 */
@Injectable()
export class ReceiveTwilioCallbackUseCase {
  private readonly logger = new Logger('TwilioWebhook');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly applyStatus: ApplyProviderStatusUseCase,
    private readonly applyKeyword: ApplyConsentKeywordUseCase,
  ) {}

  async execute(callback: TwilioCallback): Promise<WebhookOutcome> {
    const params = this.verified(callback);
    const get = (name: string) => params.get(name)?.trim() || null;
    const sid = get('MessageSid');
    const reported = get('MessageStatus');
    if (sid && reported) {
      const status = fromTwilioStatus(reported);
      if (!status || !TWILIO_SID.test(sid)) {
        this.logger.warn(`Twilio status callback ignored: status "${reported.slice(0, 40)}" for message ${JSON.stringify(sid.slice(0, 80))}`);
        return { newlyFailedDeliveryIds: [] };
      }
      const errorCode = get('ErrorCode');
      const outcome = await this.applyStatus.execute({
        provider: 'twilio',
        providerMessageId: sid,
        providerStatus: reported.toLowerCase(),
        status,
        errorCode: errorCode && TWILIO_ERROR_CODE.test(errorCode) ? errorCode : null,
        // Twilio's callbacks carry no time of their own: the time it reached us is the best there is.
        occurredAt: new Date(),
        payload: Object.fromEntries(params),
      });
      return { newlyFailedDeliveryIds: outcome.newlyFailed && outcome.deliveryId ? [outcome.deliveryId] : [] };
    }
    const from = toE164(get('From') ?? '');
    if (from && params.has('Body')) {
      await this.applyKeyword.execute({ channel: 'sms', from, body: params.get('Body') ?? '', source: 'sms-inbound', receivedAt: new Date() });
    } else {
      this.logger.warn(`Twilio webhook with neither a message status nor an inbound message (MessageSid ${sid ?? 'none'}) ignored`);
    }
    return { newlyFailedDeliveryIds: [] };
  }

  private verified(callback: TwilioCallback): URLSearchParams {
    const token = this.config.twilio.authToken;
    if (!token) throw new DomainError('unauthenticated', 'Twilio callbacks are not accepted here: no Twilio auth token is configured');
    const params = new URLSearchParams(callback.rawBody.toString('utf8'));
    const url = this.config.publicUrl + callback.pathAndQuery;
    if (!callback.signature || !isValidTwilioSignature(token, url, params, callback.signature)) {
      throw new DomainError('unauthenticated', 'The X-Twilio-Signature header is missing or does not match this request');
    }
    return params;
  }
}
