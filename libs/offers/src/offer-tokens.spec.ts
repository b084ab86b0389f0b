import { OfferTokens } from './offer-tokens';

describe('OfferTokens', () => {
  const tokens = new OfferTokens('s'.repeat(40));

  it('signs an unsubscribe for one customer and a click for one offer of one document', () => {
    expect(tokens.customerOf(tokens.unsubscribe('C-1'))).toBe('C-1');
    const click = { documentId: 'd', offerKey: 'k', version: 2, arm: 'b', channel: 'pdf' as const };
    expect(tokens.clickOf(tokens.click(click))).toEqual(click);
  });

  it('refuses an altered, forged or repurposed token the same way', () => {
    const token = tokens.unsubscribe('C-1');
    const [payload, mac] = token.split('.');
    const other = Buffer.from(JSON.stringify({ p: 'u', c: 'C-2' })).toString('base64url');
    for (const bad of [`${other}.${mac}`, `${payload}.${mac.slice(0, -2)}AA`, new OfferTokens('t'.repeat(40)).unsubscribe('C-1'), 'x', `${payload}.${mac}.x`]) {
      expect(() => tokens.customerOf(bad)).toThrow(expect.objectContaining({ code: 'not_found' }));
    }
    expect(() => tokens.clickOf(token)).toThrow(expect.objectContaining({ code: 'not_found' }));
  });
});
