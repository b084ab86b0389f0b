import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { FakeProviderServer, ReceivedRequest } from './fake-provider-server';

/** An SMS as the fake Twilio took it, its form fields decoded. */
export interface TwilioMessage {
  readonly sid: string;
  readonly accountSid: string;
  readonly to: string;
  readonly from?: string;
  readonly messagingServiceSid?: string;
  readonly body: string;
  readonly statusCallback?: string;
  readonly at: Date;
}

/**
 * Twilio's Messages API on 127.0.0.1: `POST /2010-04-01/Accounts/{sid}/Messages.json`,
 * form-encoded, HTTP Basic auth with the account SID and auth token; answers
 * with Twilio's message JSON and an `SM…` sid, or Twilio's error shape
 * (`{ code, message, more_info, status }`, e.g. 21211 for an invalid number).
 */
export class FakeTwilioServer extends FakeProviderServer {
  readonly messages: TwilioMessage[] = [];

  constructor(
    readonly accountSid = `AC${randomBytes(16).toString('hex')}`,
    readonly authToken = randomBytes(16).toString('hex'),
  ) {
    super();
  }

  /** The variables that point the platform at this server. */
  env(from = '+15005550006'): Record<string, string> {
    return {
      CCM_SMS_TRANSPORT: 'twilio',
      TWILIO_BASE_URL: this.url,
      TWILIO_ACCOUNT_SID: this.accountSid,
      TWILIO_AUTH_TOKEN: this.authToken,
      TWILIO_FROM: from,
    };
  }

  protected accept(request: ReceivedRequest, response: ServerResponse): string | null {
    if (request.method !== 'POST' || request.path !== `/2010-04-01/Accounts/${this.accountSid}/Messages.json`) {
      this.refusal(404, 20404, 'The requested resource was not found', response);
      return null;
    }
    const expected = `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`;
    if (request.headers.authorization !== expected) {
      this.refusal(401, 20003, 'Authentication Error - invalid username', response);
      return null;
    }
    if (!String(request.headers['content-type']).startsWith('application/x-www-form-urlencoded')) {
      this.refusal(400, 21601, 'Content-Type must be application/x-www-form-urlencoded', response);
      return null;
    }
    const form = new URLSearchParams(request.raw.toString('utf8'));
    const to = form.get('To');
    if (!to || !form.get('Body') || (!form.get('From') && !form.get('MessagingServiceSid'))) {
      this.refusal(400, 21604, "A 'To', 'Body' and 'From' or 'MessagingServiceSid' are required", response);
      return null;
    }
    return to;
  }

  protected success(request: ReceivedRequest, response: ServerResponse): void {
    const form = new URLSearchParams(request.raw.toString('utf8'));
    const message: TwilioMessage = {
      sid: `SM${randomBytes(16).toString('hex')}`,
      accountSid: this.accountSid,
      to: form.get('To')!,
      from: form.get('From') ?? undefined,
      messagingServiceSid: form.get('MessagingServiceSid') ?? undefined,
      body: form.get('Body')!,
      statusCallback: form.get('StatusCallback') ?? undefined,
      at: request.at,
    };
    this.messages.push(message);
    this.json(response, 201, {
      sid: message.sid,
      account_sid: this.accountSid,
      to: message.to,
      from: message.from ?? null,
      messaging_service_sid: message.messagingServiceSid ?? null,
      body: message.body,
      status: 'queued',
      num_segments: '1',
      direction: 'outbound-api',
      api_version: '2010-04-01',
      date_created: request.at.toUTCString(),
      uri: `/2010-04-01/Accounts/${this.accountSid}/Messages/${message.sid}.json`,
    });
  }

  protected refusal(status: number, code: number, message: string, response: ServerResponse): void {
    this.json(response, status, { code: code || null, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
  }
}
