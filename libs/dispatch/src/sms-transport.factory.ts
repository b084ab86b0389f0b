import type { Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { BlobStore } from '@app/blobs';
import { APP_CONFIG, AppConfig, unknownDriver } from '@app/config';
import { OutboxSmsTransport } from './outbox.sms-transport';
import { OutboxStore } from './outbox-store';
import { SmsTransport } from './sms-transport';
import { TwilioSmsTransport } from './twilio.sms-transport';

/** The one place that picks the `SmsTransport` adapter: `CCM_SMS_TRANSPORT`. */
export function createSmsTransport(config: AppConfig, db: DataSource, blobs: BlobStore): SmsTransport {
  const driver = config.drivers.smsTransport;
  switch (driver) {
    case 'outbox':
      return new OutboxSmsTransport(new OutboxStore(db, blobs));
    case 'twilio': {
      const { accountSid, authToken } = config.twilio;
      if (!accountSid || !authToken) throw new Error('CCM_SMS_TRANSPORT=twilio needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN');
      return new TwilioSmsTransport({
        ...config.twilio,
        accountSid,
        authToken,
        statusCallback: `${config.publicUrl}/v1/webhooks/twilio`,
        timeoutMs: config.dispatch.providerTimeoutMs,
      });
    }
    default:
      return unknownDriver('smsTransport', driver);
  }
}

export const smsTransportProvider: Provider = {
  provide: SmsTransport,
  inject: [APP_CONFIG, getDataSourceToken(), BlobStore],
  useFactory: createSmsTransport,
};
