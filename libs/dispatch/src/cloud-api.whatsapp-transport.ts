import type { Accepted } from './provider-failure';
import { ProviderFailure } from './provider-failure';
import { answerBody, classifyHttpFailure, classifyNetworkFailure } from './http-provider-failure';
import { OutgoingWhatsApp, WhatsAppTransport } from './whatsapp-transport';

export interface CloudApiSettings {
  readonly baseUrl: string;
  readonly phoneNumberId: string;
  readonly accessToken: string;
  readonly timeoutMs: number;
}

/**
 * Meta's WhatsApp Cloud API with Node's own fetch: the stored rendition is
 * already the message JSON the API takes, so it is posted byte for byte.
 */
export class CloudApiWhatsAppTransport extends WhatsAppTransport {
  readonly name = 'cloud-api';

  constructor(private readonly settings: CloudApiSettings) {
    super();
  }

  async send(message: OutgoingWhatsApp): Promise<Accepted> {
    const { baseUrl, phoneNumberId, accessToken, timeoutMs } = this.settings;
    let response: Response;
    try {
      response = await fetch(`${baseUrl}/${encodeURIComponent(phoneNumberId)}/messages`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${accessToken}`,
          'Content-Type': 'application/json',
          'Idempotency-Key': message.idempotencyKey,
        },
        body: new Uint8Array(message.payload),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw classifyNetworkFailure(this.name, error);
    }
    const body = await answerBody(response).catch(() => undefined);
    if (!response.ok) throw classifyHttpFailure(this.name, response.status, response.headers, body);
    const id = (body as { messages?: Array<{ id?: unknown }> } | undefined)?.messages?.[0]?.id;
    if (typeof id !== 'string') throw new ProviderFailure(`${this.name} answered ${response.status} without a message id`, false);
    return { provider: this.name, providerMessageId: id };
  }
}
