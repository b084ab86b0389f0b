import type { Recipient } from '@app/contracts';
import type { DeliveryChannel } from './delivery.entity';
import { DELIVERY_CHANNELS } from './delivery.entity';

/**
 * `first-available`: one channel at a time, in the document's order; the next
 * only when one fails for good, is opted out of, or runs out of retries.
 * `every-channel`: all at once; a failure stops on its own channel.
 */
export type RoutingPolicy = 'first-available' | 'every-channel';

/**
 * The routing of each template kind. A bill must reach the customer once, by
 * whatever works; a service notice must reach them everywhere they listen.
 * A kind not listed is routed like a bill.
 */
export const ROUTING_BY_KIND: Readonly<Record<string, RoutingPolicy>> = {
  invoice: 'first-available',
  'payment-confirmation': 'first-available',
  'service-update': 'every-channel',
};

export function routingPolicyOf(kind: string): RoutingPolicy {
  return ROUTING_BY_KIND[kind] ?? 'first-available';
}

/** Where a channel's message goes for this recipient, or undefined when it has nowhere to go. */
export function addressFor(channel: DeliveryChannel, recipient: Recipient): string | undefined {
  switch (channel) {
    case 'email':
      return recipient.email;
    case 'sms':
      return recipient.phone;
    case 'whatsapp':
      // As the WhatsApp rendition addresses it: the number is often the same as the phone's.
      return recipient.whatsapp ?? recipient.phone;
  }
}

export function isDeliveryChannel(channel: string): channel is DeliveryChannel {
  return (DELIVERY_CHANNELS as readonly string[]).includes(channel);
}

/** The channels, in order, that can carry a message to this recipient: a PDF alone is an attachment, not a delivery. */
export function dispatchableChannels(channels: readonly string[], recipient: Recipient): DeliveryChannel[] {
  return channels.filter(isDeliveryChannel).filter((channel) => addressFor(channel, recipient) !== undefined);
}
