/**
 * A provider's sender number in E.164, as deliveries and consents keep it:
 * WhatsApp writes `15551234567`, Twilio `+15551234567` (or `whatsapp:+1…`).
 * Null when it is not a number at all.
 */
export function toE164(number: string): string | null {
  const digits = number.trim().replace(/^whatsapp:/i, '').replace(/^\+/, '');
  return /^[1-9]\d{6,14}$/.test(digits) ? `+${digits}` : null;
}
