import { actionLinkExpiry } from './action-link-expiry';
import { ActionLinkFormat } from './action-link-format';
import { ActionLinkKeyRing, deriveToken } from './action-link-keys';

describe('action link format', () => {
  const format = new ActionLinkFormat({ publicUrl: 'https://billing.example.com', signingSecret: 's'.repeat(40) });
  const id = '0b7a1c4e-8f7e-4a53-9e1d-2f5f3c9a6b10';

  it('builds sample links on the public URL with distinct tokens of 128 bits after the key id', () => {
    const { payUrl, askUrl, payPath, askPath } = format.sample(id);
    expect(payUrl).toBe(`https://billing.example.com/a/pay/${payPath}`);
    expect(askUrl).toBe(`https://billing.example.com/a/ask/${askPath}`);
    expect(payPath).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(Buffer.from(payPath.slice(2), 'base64url')).toHaveLength(16);
    expect(payPath).not.toBe(askPath);
  });

  it('derives a token from the key, the purpose, the document and the salt, led by the key id', () => {
    const ring = new ActionLinkKeyRing('a'.repeat(40), ['b'.repeat(40)]);
    const salt = Buffer.alloc(16, 7);
    const current = deriveToken(ring.current, 'pay', id, salt);
    const previous = deriveToken(ring.find(deriveToken(new ActionLinkKeyRing('b'.repeat(40)).current, 'pay', id, salt).slice(0, 2))!, 'pay', id, salt);
    expect(current.slice(0, 2)).toBe(ring.current.id);
    expect(current).not.toBe(previous);
    expect(deriveToken(ring.current, 'pay', id, salt)).toBe(current);
    expect(deriveToken(ring.current, 'ask', id, salt)).not.toBe(current);
    expect(deriveToken(ring.current, 'pay', id, Buffer.alloc(16, 8))).not.toBe(current);
  });

  it('keeps previous secrets findable by their key id', () => {
    const old = new ActionLinkKeyRing('b'.repeat(40)).current;
    const ring = new ActionLinkKeyRing('a'.repeat(40), ['b'.repeat(40)]);
    expect(ring.find(old.id)).toEqual(old);
    expect(ring.current.id).not.toBe(old.id);
  });
});

describe('action link expiry', () => {
  const lifetime = { daysAfterDue: 30, daysWithoutDue: 90 };
  const issuedAt = new Date('2026-11-01T10:00:00Z');

  it('lasts the configured days after the end of the due date anywhere on earth', () => {
    expect(actionLinkExpiry(lifetime, issuedAt, '2026-11-20').toISOString()).toBe('2026-12-21T11:59:59.999Z');
  });

  it('lasts the configured days after issue without a due date', () => {
    expect(actionLinkExpiry(lifetime, issuedAt, null).toISOString()).toBe('2027-01-30T10:00:00.000Z');
    expect(actionLinkExpiry(lifetime, issuedAt, 'soon').toISOString()).toBe('2027-01-30T10:00:00.000Z');
  });

  it('always leaves a day, even for an invoice long overdue', () => {
    expect(actionLinkExpiry(lifetime, issuedAt, '2020-01-01').getTime()).toBe(issuedAt.getTime() + 86_400_000);
  });
});
