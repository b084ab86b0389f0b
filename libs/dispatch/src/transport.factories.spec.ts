import type { DataSource } from 'typeorm';
import type { BlobStore } from '@app/blobs';
import { loadConfig } from '@app/config';
import { CloudApiWhatsAppTransport } from './cloud-api.whatsapp-transport';
import { createEmailTransport } from './email-transport.factory';
import { OutboxEmailTransport } from './outbox.email-transport';
import { OutboxSmsTransport } from './outbox.sms-transport';
import { OutboxWhatsAppTransport } from './outbox.whatsapp-transport';
import { classifySmtpFailure, SmtpEmailTransport } from './smtp.email-transport';
import { createSmsTransport } from './sms-transport.factory';
import { TwilioSmsTransport } from './twilio.sms-transport';
import { createWhatsAppTransport } from './whatsapp-transport.factory';

describe('transports', () => {
  const db = {} as DataSource;
  const blobs = {} as BlobStore;

  it('keeps mail in the outbox unless SMTP is chosen', async () => {
    expect(createEmailTransport(loadConfig({}), db, blobs)).toBeInstanceOf(OutboxEmailTransport);
    const smtp = createEmailTransport(loadConfig({ CCM_EMAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtp://127.0.0.1:2525' }), db, blobs);
    expect(smtp).toBeInstanceOf(SmtpEmailTransport);
    await smtp.close();
  });

  it('keeps SMTP connections open in a pool as large as the emails sent at once', async () => {
    const poolOf = (transport: unknown) => (transport as { transporter: { transporter: { constructor: { name: string }; options: Record<string, unknown> } } }).transporter.transporter;
    const smtp = createEmailTransport(loadConfig({ CCM_EMAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtp://127.0.0.1:2525', CCM_DISPATCH_EMAIL_CONCURRENCY: '12' }), db, blobs);
    expect(poolOf(smtp).constructor.name).toBe('SMTPPool');
    expect(poolOf(smtp).options).toMatchObject({ pool: true, maxConnections: 12 });
    await smtp.close();
    const chosen = createEmailTransport(loadConfig({ CCM_EMAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtp://127.0.0.1:2525?maxConnections=2' }), db, blobs);
    expect(poolOf(chosen).options).toMatchObject({ maxConnections: 2 });
    await chosen.close();
  });

  it('keeps SMS and WhatsApp in the outbox unless a provider is chosen', () => {
    expect(createSmsTransport(loadConfig({}), db, blobs)).toBeInstanceOf(OutboxSmsTransport);
    expect(createWhatsAppTransport(loadConfig({}), db, blobs)).toBeInstanceOf(OutboxWhatsAppTransport);
    const twilio = loadConfig({ CCM_SMS_TRANSPORT: 'twilio', TWILIO_ACCOUNT_SID: 'AC1', TWILIO_AUTH_TOKEN: 'twilio-auth-token-0123456789', TWILIO_MESSAGING_SERVICE_SID: 'MG1' });
    expect(createSmsTransport(twilio, db, blobs)).toBeInstanceOf(TwilioSmsTransport);
    const meta = loadConfig({ CCM_WHATSAPP_TRANSPORT: 'cloud-api', WHATSAPP_PHONE_NUMBER_ID: '1', WHATSAPP_ACCESS_TOKEN: 't' });
    expect(createWhatsAppTransport(meta, db, blobs)).toBeInstanceOf(CloudApiWhatsAppTransport);
  });

  it('refuses SMTP without a server to send to, and an unknown transport', () => {
    expect(() => loadConfig({ CCM_EMAIL_TRANSPORT: 'smtp' })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ CCM_EMAIL_TRANSPORT: 'pigeon' })).toThrow(/CCM_EMAIL_TRANSPORT/);
    expect(() => loadConfig({ CCM_SMS_TRANSPORT: 'pigeon' })).toThrow(/CCM_SMS_TRANSPORT/);
  });

  it('treats 5xx as permanent and 4xx or a lost connection as worth a retry', () => {
    expect(classifySmtpFailure({ responseCode: 550, message: 'no such user' })).toMatchObject({ permanent: true, responseCode: 550 });
    expect(classifySmtpFailure({ responseCode: 451, message: 'later' })).toMatchObject({ permanent: false });
    expect(classifySmtpFailure({ message: 'connect ECONNREFUSED' })).toMatchObject({ permanent: false });
  });
});
