import { isEmail, isPhoneNumber } from 'class-validator';
import type { Channel, Recipient } from '@app/contracts';
import type { FieldError } from '@app/kernel';

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * The addresses a dispatch will send to, held to what providers accept
 * whoever calls intake (the HTTP edge checks the same): a real email address,
 * and numbers in E.164 that a country's numbering plan has. A WhatsApp
 * message goes to `recipient.whatsapp`, else to the phone.
 */
export function dispatchAddressErrors(recipient: Recipient, channels: readonly Channel[]): FieldError[] {
  const errors: FieldError[] = [];
  const number = (pointer: string, value: string, channel: string) => {
    if (!E164.test(value) || !isPhoneNumber(value)) errors.push({ pointer, message: `must be an E.164 number in use to dispatch by ${channel}, such as +966501234567` });
  };
  if (channels.includes('email') && recipient.email && !isEmail(recipient.email, { allow_display_name: false, allow_ip_domain: false, require_tld: true })) {
    errors.push({ pointer: '/recipient/email', message: 'must be an email address to dispatch by email' });
  }
  if (channels.includes('sms') && recipient.phone) number('/recipient/phone', recipient.phone, 'SMS');
  if (channels.includes('whatsapp')) {
    if (recipient.whatsapp) number('/recipient/whatsapp', recipient.whatsapp, 'WhatsApp');
    else if (recipient.phone && !channels.includes('sms')) number('/recipient/phone', recipient.phone, 'WhatsApp');
  }
  return errors;
}
