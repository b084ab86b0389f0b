import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * Lean stand-ins for the providers a billing run sends to, speaking their real
 * protocols on 127.0.0.1 so the platform's own transports (nodemailer's SMTP,
 * the Twilio and Cloud API clients) do the work they do in production. They
 * keep no message, only when each was accepted (their own clock): the end of a
 * run is the last message a sink took, not what the platform wrote down.
 */
export class SinkClock {
  readonly acceptedAt: number[] = [];

  accepted(): void {
    this.acceptedAt.push(Date.now());
  }

  get count(): number {
    return this.acceptedAt.length;
  }

  get last(): number | undefined {
    return this.acceptedAt[this.acceptedAt.length - 1];
  }
}

/** SMTP: a message counts when its DATA has been read to the end and answered 250. */
export class SmtpSink extends SinkClock {
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // A billing run opens pooled connections; the default of 100 clients is not the limit here.
    maxClients: 1_000,
    onData: (stream, _session, callback) => {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        this.accepted();
        callback();
      });
    },
  });
  port = 0;

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  env(): Record<string, string> {
    return { CCM_EMAIL_TRANSPORT: 'smtp', SMTP_URL: `smtp://127.0.0.1:${this.port}` };
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** An HTTP sink: reads the whole body, checks what the provider would refuse outright, answers its success shape. */
abstract class HttpSink extends SinkClock {
  private readonly server: Server = createServer((request, response) => void this.handle(request, response));
  url = '';

  async listen(): Promise<this> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const answer = this.answer(request, Buffer.concat(chunks).toString('utf8'));
    if (answer.status < 300) this.accepted();
    response.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer.body));
  }

  protected abstract answer(request: IncomingMessage, body: string): { status: number; body: unknown };
}

/** Twilio's Messages API: form-encoded POST with Basic auth, answered 201 with the message resource. */
export class TwilioSink extends HttpSink {
  readonly accountSid = `AC${randomBytes(16).toString('hex')}`;
  readonly authToken = randomBytes(16).toString('hex');

  env(): Record<string, string> {
    return { CCM_SMS_TRANSPORT: 'twilio', TWILIO_BASE_URL: this.url, TWILIO_ACCOUNT_SID: this.accountSid, TWILIO_AUTH_TOKEN: this.authToken, TWILIO_FROM: '+15005550006' };
  }

  protected answer(request: IncomingMessage, body: string): { status: number; body: unknown } {
    if (request.method !== 'POST' || request.url !== `/2010-04-01/Accounts/${this.accountSid}/Messages.json`) return refusal(404, 20404, 'The requested resource was not found');
    if (request.headers.authorization !== `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`) return refusal(401, 20003, 'Authenticate');
    const form = new URLSearchParams(body);
    if (!form.get('To') || !form.get('Body')) return refusal(400, 21604, "A 'To' and 'Body' are required");
    const sid = `SM${randomBytes(16).toString('hex')}`;
    return {
      status: 201,
      body: { sid, account_sid: this.accountSid, to: form.get('To'), from: form.get('From'), body: form.get('Body'), status: 'queued', num_segments: '1', direction: 'outbound-api', api_version: '2010-04-01', date_created: new Date().toUTCString(), uri: `/2010-04-01/Accounts/${this.accountSid}/Messages/${sid}.json` },
    };
  }
}

/** Meta's WhatsApp Cloud API: JSON POST to /{version}/{phone-number-id}/messages with a Bearer token. */
export class WhatsAppSink extends HttpSink {
  readonly phoneNumberId = String(100_000_000_000_000 + Math.floor(Math.random() * 1e9));
  readonly accessToken = `EAAG${randomBytes(24).toString('hex')}`;

  env(): Record<string, string> {
    return { CCM_WHATSAPP_TRANSPORT: 'cloud-api', WHATSAPP_BASE_URL: `${this.url}/v21.0`, WHATSAPP_PHONE_NUMBER_ID: this.phoneNumberId, WHATSAPP_ACCESS_TOKEN: this.accessToken };
  }

  protected answer(request: IncomingMessage, body: string): { status: number; body: unknown } {
    if (request.method !== 'POST' || !new RegExp(`^/v\\d+\\.\\d+/${this.phoneNumberId}/messages$`).test(request.url ?? '')) return metaError(400, 100, 'Unsupported post request');
    if (request.headers.authorization !== `Bearer ${this.accessToken}`) return metaError(401, 190, 'Invalid OAuth access token');
    let payload: { messaging_product?: string; to?: string };
    try {
      payload = JSON.parse(body) as typeof payload;
    } catch {
      return metaError(400, 100, 'Invalid parameter');
    }
    if (payload.messaging_product !== 'whatsapp' || typeof payload.to !== 'string') return metaError(400, 100, 'Invalid parameter');
    return {
      status: 200,
      body: { messaging_product: 'whatsapp', contacts: [{ input: payload.to, wa_id: payload.to.replace(/^\+/, '') }], messages: [{ id: `wamid.${randomBytes(24).toString('base64url')}` }] },
    };
  }
}

function refusal(status: number, code: number, message: string): { status: number; body: unknown } {
  return { status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
}

function metaError(status: number, code: number, message: string): { status: number; body: unknown } {
  return { status, body: { error: { message, type: 'OAuthException', code, fbtrace_id: randomBytes(8).toString('base64url') } } };
}

/** The three sinks, listening, and the variables that point the platform's transports at them. */
export async function startSinks(): Promise<{ smtp: SmtpSink; twilio: TwilioSink; whatsapp: WhatsAppSink; env: Record<string, string>; all: SinkClock[]; close(): Promise<void> }> {
  const [smtp, twilio, whatsapp] = await Promise.all([new SmtpSink().listen(), new TwilioSink().listen(), new WhatsAppSink().listen()]);
  return {
    smtp,
    twilio,
    whatsapp,
    all: [smtp, twilio, whatsapp],
    env: { ...smtp.env(), ...twilio.env(), ...whatsapp.env() },
    close: async () => {
      await Promise.all([smtp.close(), twilio.close(), whatsapp.close()]);
    },
  };
}
