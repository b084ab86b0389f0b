import { createHmac } from 'node:crypto';
import twilio from 'twilio';
import { isValidMetaSignature } from './meta-signature';
import { isValidTwilioSignature, twilioSignature } from './twilio-signature';

const TOKEN = '12345678901234567890123456789012';
const URL_CALLED = 'https://billing.example.test/v1/webhooks/twilio?attempt=2';

describe('Twilio signatures, as the twilio package computes them', () => {
  const cases: Array<Record<string, string | string[]>> = [
    { MessageSid: 'SM0123456789abcdef0123456789abcdef', MessageStatus: 'delivered', AccountSid: 'AC1', To: '+14155550100' },
    { From: '+14155550100', Body: 'Stop please, ünïcödé & = + ?', NumMedia: '0' },
    { b: ['2', '1', '2'], a: 'x', B: 'upper-case sorts first' },
    {},
  ];

  it.each(cases)('agrees with getExpectedTwilioSignature and validateRequest for %j', (params) => {
    const form = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) for (const v of [value].flat()) form.append(name, v);
    const expected = twilio.getExpectedTwilioSignature(TOKEN, URL_CALLED, params);
    expect(twilioSignature(TOKEN, URL_CALLED, form)).toBe(expected);
    expect(isValidTwilioSignature(TOKEN, URL_CALLED, form, expected)).toBe(true);
    expect(twilio.validateRequest(TOKEN, expected, URL_CALLED, params)).toBe(true);
  });

  it('refuses another token, another URL, a changed parameter and a truncated signature', () => {
    const params = { MessageSid: 'SM1', MessageStatus: 'sent' };
    const form = new URLSearchParams(params);
    const good = twilio.getExpectedTwilioSignature(TOKEN, URL_CALLED, params);
    expect(isValidTwilioSignature('another-token-0123456789abcdef', URL_CALLED, form, good)).toBe(false);
    expect(isValidTwilioSignature(TOKEN, 'https://evil.example/v1/webhooks/twilio?attempt=2', form, good)).toBe(false);
    expect(isValidTwilioSignature(TOKEN, URL_CALLED, new URLSearchParams({ ...params, MessageStatus: 'read' }), good)).toBe(false);
    expect(isValidTwilioSignature(TOKEN, URL_CALLED, form, good.slice(0, -2))).toBe(false);
    expect(isValidTwilioSignature(TOKEN, URL_CALLED, form, '')).toBe(false);
  });
});

describe('Meta X-Hub-Signature-256', () => {
  const SECRET = 'meta-app-secret-0123456789';
  const body = Buffer.from('{"object":"whatsapp_business_account","entry":[ {"id":"1"} ]}');
  const sign = (bytes: Buffer) => `sha256=${createHmac('sha256', SECRET).update(bytes).digest('hex')}`;

  it('accepts the HMAC of the exact bytes, in either case of hex', () => {
    expect(isValidMetaSignature(SECRET, body, sign(body))).toBe(true);
    expect(isValidMetaSignature(SECRET, body, sign(body).toUpperCase().replace('SHA256=', 'sha256='))).toBe(true);
  });

  it('refuses the same JSON re-serialised, another secret, a missing or malformed header', () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString())));
    expect(isValidMetaSignature(SECRET, reserialised, sign(body))).toBe(false);
    expect(isValidMetaSignature('another-secret-0123456789', body, sign(body))).toBe(false);
    expect(isValidMetaSignature(SECRET, body, undefined)).toBe(false);
    expect(isValidMetaSignature(SECRET, body, sign(body).replace('sha256=', 'sha1='))).toBe(false);
    expect(isValidMetaSignature(SECRET, body, 'sha256=abc')).toBe(false);
  });
});
