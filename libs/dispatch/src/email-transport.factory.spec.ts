import type { DataSource } from 'typeorm';
import type { BlobStore } from '@app/blobs';
import { loadConfig } from '@app/config';
import { createEmailTransport } from './email-transport.factory';
import { OutboxEmailTransport } from './outbox.email-transport';
import { classifySmtpFailure, SmtpEmailTransport } from './smtp.email-transport';

describe('email transport', () => {
  const db = {} as DataSource;
  const blobs = {} as BlobStore;

  it('keeps mail in the outbox unless SMTP is chosen', async () => {
    expect(createEmailTransport(loadConfig({}), db, blobs)).toBeInstanceOf(OutboxEmailTransport);
    const smtp = createEmailTransport(loadConfig({ CCM_EMAIL_TRANSPORT: 'smtp', SMTP_URL: 'smtp://127.0.0.1:2525' }), db, blobs);
    expect(smtp).toBeInstanceOf(SmtpEmailTransport);
    await smtp.close();
  });

  it('refuses SMTP without a server to send to, and an unknown transport', () => {
    expect(() => loadConfig({ CCM_EMAIL_TRANSPORT: 'smtp' })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ CCM_EMAIL_TRANSPORT: 'pigeon' })).toThrow(/CCM_EMAIL_TRANSPORT/);
  });

  it('treats 5xx as permanent and 4xx or a lost connection as worth a retry', () => {
    expect(classifySmtpFailure({ responseCode: 550, message: 'no such user' })).toMatchObject({ permanent: true, responseCode: 550 });
    expect(classifySmtpFailure({ responseCode: 451, message: 'later' })).toMatchObject({ permanent: false });
    expect(classifySmtpFailure({ message: 'connect ECONNREFUSED' })).toMatchObject({ permanent: false });
  });
});
