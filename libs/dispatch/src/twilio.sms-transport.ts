import type { Accepted } from './provider-failure';
import { ProviderFailure } from './provider-failure';
import { answerBody, classifyHttpFailure, classifyNetworkFailure } from './http-provider-failure';
import { OutgoingSms, SmsTransport } from './sms-transport';

export interface TwilioSettings {
  readonly baseUrl: string;
  readonly accountSid: string;
  readonly authToken: string;
  readonly from?: string;
  readonly messagingServiceSid?: string;
  /** Where Twilio reports what became of each message. */
  readonly statusCallback: string;
  readonly timeoutMs: number;
}

/**
 * Twilio's Messages API (or a compatible one at `TWILIO_BASE_URL`), spoken
 * with Node's own fetch: one form-encoded POST is all it takes, and the
 * official `twilio` package would bring a large dependency tree for it. The
 * token is only ever in the Authorization header, never in a log line or error.
 */
export class TwilioSmsTransport extends SmsTransport {
  readonly name = 'twilio';

  constructor(private readonly settings: TwilioSettings) {
    super();
  }

  async send(sms: OutgoingSms): Promise<Accepted> {
    const { baseUrl, accountSid, authToken, from, messagingServiceSid, statusCallback, timeoutMs } = this.settings;
    const form = new URLSearchParams({ To: sms.to, Body: sms.text, StatusCallback: statusCallback });
    if (messagingServiceSid) form.set('MessagingServiceSid', messagingServiceSid);
    else if (from) form.set('From', from);
    let response: Response;
    try {
      response = await fetch(`${baseUrl}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
          // Twilio keeps no idempotency of its own; a compatible gateway may honour this.
          'Idempotency-Key': sms.idempotencyKey,
        },
        body: form.toString(),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw classifyNetworkFailure(this.name, error);
    }
    const body = await answerBody(response).catch(() => undefined);
    if (!response.ok) throw classifyHttpFailure(this.name, response.status, response.headers, body);
    const sid = (body as { sid?: unknown } | undefined)?.sid;
    if (typeof sid !== 'string') throw new ProviderFailure(`${this.name} answered ${response.status} without a message sid`, false);
    return { provider: this.name, providerMessageId: sid };
  }
}
