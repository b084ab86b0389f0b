import { PressTokens } from './press-token';

describe('PressTokens', () => {
  const tokens = new PressTokens('s'.repeat(40));
  const hour = 60 * 60 * 1000;
  const now = Date.UTC(2026, 11, 3, 8, 30);

  it('accepts the token its page was given, in its hour and the next', () => {
    const token = tokens.issue('pay', 'AAtoken', now);
    expect(tokens.verify('pay', 'AAtoken', token, now)).toBe(true);
    expect(tokens.verify('pay', 'AAtoken', token, now + hour)).toBe(true);
    expect(tokens.verify('pay', 'AAtoken', token, now + 2 * hour)).toBe(false);
  });

  it('refuses a token of another link, another purpose, another secret, or none', () => {
    const token = tokens.issue('pay', 'AAtoken', now);
    expect(tokens.verify('pay', 'AAother', token, now)).toBe(false);
    expect(tokens.verify('ask', 'AAtoken', token, now)).toBe(false);
    expect(new PressTokens('t'.repeat(40)).verify('pay', 'AAtoken', token, now)).toBe(false);
    for (const bad of [undefined, '', 'x', `${token}x`, ['a'], token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))]) {
      expect(tokens.verify('pay', 'AAtoken', bad, now)).toBe(false);
    }
  });
});
