import type { Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { BlobStore } from '@app/blobs';
import { APP_CONFIG, AppConfig, unknownDriver } from '@app/config';
import { CloudApiWhatsAppTransport } from './cloud-api.whatsapp-transport';
import { OutboxStore } from './outbox-store';
import { OutboxWhatsAppTransport } from './outbox.whatsapp-transport';
import { WhatsAppTransport } from './whatsapp-transport';

/** The one place that picks the `WhatsAppTransport` adapter: `CCM_WHATSAPP_TRANSPORT`. */
export function createWhatsAppTransport(config: AppConfig, db: DataSource, blobs: BlobStore): WhatsAppTransport {
  const driver = config.drivers.whatsappTransport;
  switch (driver) {
    case 'outbox':
      return new OutboxWhatsAppTransport(new OutboxStore(db, blobs));
    case 'cloud-api': {
      const { phoneNumberId, accessToken, baseUrl } = config.whatsapp;
      if (!phoneNumberId || !accessToken) throw new Error('CCM_WHATSAPP_TRANSPORT=cloud-api needs WHATSAPP_PHONE_NUMBER_ID and WHATSAPP_ACCESS_TOKEN');
      return new CloudApiWhatsAppTransport({ baseUrl, phoneNumberId, accessToken, timeoutMs: config.dispatch.providerTimeoutMs });
    }
    default:
      return unknownDriver('whatsappTransport', driver);
  }
}

export const whatsAppTransportProvider: Provider = {
  provide: WhatsAppTransport,
  inject: [APP_CONFIG, getDataSourceToken(), BlobStore],
  useFactory: createWhatsAppTransport,
};
