/** The carriers' opt-out words, and the words that opt back in. */
export const OPT_OUT_WORDS = ['STOP', 'UNSUBSCRIBE', 'END', 'QUIT', 'STOPALL', 'REVOKE', 'OPTOUT', 'CANCEL'] as const;
export const OPT_IN_WORDS = ['START', 'YES', 'UNSTOP'] as const;

export interface ConsentKeyword {
  /** The word as we record it, upper-case. */
  readonly word: string;
  readonly optedOut: boolean;
}

/**
 * The consent a message body asks for, or null. Only a body that is the word
 * alone counts (trimmed, any case): "please stop the reminders" is a message
 * for a person, not an opt-out.
 */
export function consentKeywordIn(body: string | null | undefined): ConsentKeyword | null {
  const word = (body ?? '').trim().toUpperCase();
  if ((OPT_OUT_WORDS as readonly string[]).includes(word)) return { word, optedOut: true };
  if ((OPT_IN_WORDS as readonly string[]).includes(word)) return { word, optedOut: false };
  return null;
}
