import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { FakeProviderServer, ReceivedRequest } from './fake-provider-server';

/** A message as the fake Cloud API took it: the exact JSON bytes posted, parsed too. */
export interface CloudApiMessage {
  readonly id: string;
  /** The recipient in E.164 (`+` and digits), however the payload wrote it. */
  readonly to: string;
  readonly phoneNumberId: string;
  readonly raw: Buffer;
  readonly payload: Record<string, any>;
  readonly at: Date;
}

/**
 * Meta's WhatsApp Cloud API on 127.0.0.1: `POST /{phone-number-id}/messages`
 * with a Bearer token and the message JSON; answers
 * `{ messaging_product, contacts, messages: [{ id: 'wamid…' }] }`, or Meta's
 * error shape `{ error: { message, type, code, error_subcode, fbtrace_id } }`
 * (e.g. 131026 undeliverable, 132001 template does not exist).
 */
export class FakeWhatsAppCloudServer extends FakeProviderServer {
  readonly messages: CloudApiMessage[] = [];

  constructor(
    readonly phoneNumberId = String(100000000000000 + Math.floor(Math.random() * 1e9)),
    readonly accessToken = `EAAG${randomBytes(24).toString('hex')}`,
  ) {
    super();
  }

  /** The variables that point the platform at this server. */
  env(): Record<string, string> {
    return {
      CCM_WHATSAPP_TRANSPORT: 'cloud-api',
      WHATSAPP_BASE_URL: this.url,
      WHATSAPP_PHONE_NUMBER_ID: this.phoneNumberId,
      WHATSAPP_ACCESS_TOKEN: this.accessToken,
    };
  }

  protected accept(request: ReceivedRequest, response: ServerResponse): string | null {
    if (request.method !== 'POST' || request.path !== `/${this.phoneNumberId}/messages`) {
      this.refusal(400, 100, 'Unsupported post request', response);
      return null;
    }
    if (request.headers.authorization !== `Bearer ${this.accessToken}`) {
      this.refusal(401, 190, 'Invalid OAuth access token', response);
      return null;
    }
    let payload: Record<string, any>;
    try {
      payload = JSON.parse(request.raw.toString('utf8')) as Record<string, any>;
    } catch {
      this.refusal(400, 100, 'Invalid parameter: the body is not JSON', response);
      return null;
    }
    if (payload.messaging_product !== 'whatsapp' || typeof payload.to !== 'string') {
      this.refusal(400, 100, 'Invalid parameter: messaging_product and to are required', response);
      return null;
    }
    return e164(payload.to);
  }

  protected success(request: ReceivedRequest, response: ServerResponse): void {
    const payload = JSON.parse(request.raw.toString('utf8')) as Record<string, any>;
    const id = `wamid.${randomBytes(24).toString('base64url')}`;
    this.messages.push({ id, to: e164(String(payload.to)), phoneNumberId: this.phoneNumberId, raw: request.raw, payload, at: request.at });
    this.json(response, 200, {
      messaging_product: 'whatsapp',
      contacts: [{ input: payload.to, wa_id: String(payload.to).replace(/^\+/, '') }],
      messages: [{ id, message_status: 'accepted' }],
    });
  }

  protected refusal(status: number, code: number, message: string, response: ServerResponse): void {
    this.json(response, status, {
      error: {
        message: status === 500 ? 'An unknown error has occurred.' : message,
        type: 'OAuthException',
        code: status === 500 ? 1 : status === 429 ? 130429 : code,
        error_subcode: 2494010,
        fbtrace_id: randomBytes(8).toString('base64url'),
      },
    });
  }
}

/** Cloud API numbers are digits, with or without the `+`; faults and lookups use E.164. */
function e164(to: string): string {
  return `+${to.replace(/^\+/, '')}`;
}
