import type { ReportedStatus } from '@app/dispatch';

/**
 * Twilio's `MessageStatus` in our words. `receiving` and `received` are about
 * inbound messages and mean nothing for a delivery; unknown words are ignored.
 */
const BY_TWILIO_STATUS: Readonly<Record<string, ReportedStatus>> = {
  accepted: 'queued',
  scheduled: 'queued',
  queued: 'queued',
  sending: 'sending',
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  undelivered: 'failed',
  failed: 'failed',
  canceled: 'failed',
};

export function fromTwilioStatus(status: string): ReportedStatus | null {
  return BY_TWILIO_STATUS[status.toLowerCase()] ?? null;
}
