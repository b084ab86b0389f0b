import { consentKeywordIn, OPT_IN_WORDS, OPT_OUT_WORDS } from './consent-keywords';
import { toE164 } from './e164';

describe('consentKeywordIn', () => {
  it.each(OPT_OUT_WORDS)('%s alone, in any case and with spaces around, opts out', (word) => {
    expect(consentKeywordIn(`  ${word.toLowerCase()}\n`)).toEqual({ word, optedOut: true });
    expect(consentKeywordIn(word)).toEqual({ word, optedOut: true });
  });

  it.each(OPT_IN_WORDS)('%s opts back in', (word) => {
    expect(consentKeywordIn(` ${word[0]}${word.slice(1).toLowerCase()} `)).toEqual({ word, optedOut: false });
  });

  it('takes a word inside a sentence for a message, not a keyword', () => {
    expect(consentKeywordIn('please stop')).toBeNull();
    expect(consentKeywordIn('STOP.')).toBeNull();
    expect(consentKeywordIn('')).toBeNull();
    expect(consentKeywordIn(undefined)).toBeNull();
  });
});

describe('toE164', () => {
  it("writes WhatsApp's and Twilio's senders with their +", () => {
    expect(toE164('14155550100')).toBe('+14155550100');
    expect(toE164('+447700900123')).toBe('+447700900123');
    expect(toE164('whatsapp:+14155550100')).toBe('+14155550100');
  });

  it('refuses what is not a number', () => {
    expect(toE164('0123')).toBeNull();
    expect(toE164('+1 415 555')).toBeNull();
    expect(toE164('alice@example.com')).toBeNull();
  });
});
