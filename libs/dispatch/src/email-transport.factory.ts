import type { Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { BlobStore } from '@app/blobs';
import { APP_CONFIG, AppConfig, unknownDriver } from '@app/config';
import { EmailTransport } from './email-transport';
import { OutboxEmailTransport } from './outbox.email-transport';
import { OutboxStore } from './outbox-store';
import { SmtpEmailTransport } from './smtp.email-transport';

/** The one place that picks the `EmailTransport` adapter: `CCM_EMAIL_TRANSPORT`. */
export function createEmailTransport(config: AppConfig, db: DataSource, blobs: BlobStore): EmailTransport {
  const driver = config.drivers.emailTransport;
  switch (driver) {
    case 'outbox':
      return new OutboxEmailTransport(new OutboxStore(db, blobs));
    case 'smtp':
      if (!config.smtpUrl) throw new Error('CCM_EMAIL_TRANSPORT=smtp needs SMTP_URL');
      return new SmtpEmailTransport(config.smtpUrl, config.dispatch.concurrency.email);
    default:
      return unknownDriver('emailTransport', driver);
  }
}

export const emailTransportProvider: Provider = {
  provide: EmailTransport,
  inject: [APP_CONFIG, getDataSourceToken(), BlobStore],
  useFactory: createEmailTransport,
};
