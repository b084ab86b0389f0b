/** The four output channels, in the order they are listed to users. */
export const CHANNELS = ['email', 'pdf', 'sms', 'whatsapp'] as const;
export type Channel = (typeof CHANNELS)[number];

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}

/** Text direction of a locale's script. */
export type Direction = 'ltr' | 'rtl';
