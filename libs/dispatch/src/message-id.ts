import type { DeliveryChannel } from './delivery.entity';

/**
 * The id a delivery's message carries on every try: an email's `Message-ID`
 * (the one the documents library writes into the MIME), otherwise the
 * idempotency key handed to the SMS or WhatsApp provider.
 */
export function messageIdFor(documentId: string, channel: DeliveryChannel, publicUrl: string): string {
  return channel === 'email' ? `<${documentId}.email@${new URL(publicUrl).hostname}>` : `${documentId}.${channel}`;
}
