import { hashPassword, needsRehash, passwordPolicyRefusal, UNMATCHABLE_PASSWORD_HASH, verifyPassword } from './password.hash';

describe('password hashing', () => {
  it('stores scrypt with its parameters and a fresh salt, and verifies only the same password', async () => {
    const [a, b] = await Promise.all([hashPassword('correct horse battery'), hashPassword('correct horse battery')]);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterx', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
    expect(needsRehash(a)).toBe(false);
  });

  it('treats a composed and a decomposed accent as the same password', async () => {
    const stored = await hashPassword('caf\u00e9 au lait, s\u2019il vous pla\u00eet');
    expect(await verifyPassword('cafe\u0301 au lait, s\u2019il vous pla\u00eet', stored)).toBe(true);
  });

  it('verifies hashes made with older parameters, and asks for them to be redone', async () => {
    // N = 2^14, r = 8, p = 1, made by the same function with weaker settings.
    const { scryptSync } = await import('node:crypto');
    const salt = Buffer.from('0123456789abcdef');
    const weak = `scrypt$16384$8$1$${salt.toString('base64url')}$${scryptSync('old password here', salt, 32, { N: 16384, r: 8, p: 1 }).toString('base64url')}`;
    expect(await verifyPassword('old password here', weak)).toBe(true);
    expect(needsRehash(weak)).toBe(true);
  });

  it('never matches a malformed or absurd hash, nor the stand-in for unknown emails', async () => {
    for (const stored of ['', 'plain', 'scrypt$3$8$1$AA$AA', 'scrypt$4194304$8$1$AA$AA', 'bcrypt$10$x', UNMATCHABLE_PASSWORD_HASH]) {
      expect(await verifyPassword('anything at all', stored)).toBe(false);
    }
  });

  it('asks for 12 to 256 characters, counted as characters rather than UTF-16 units', () => {
    expect(passwordPolicyRefusal('short')).toMatch(/at least 12/);
    expect(passwordPolicyRefusal('twelve chars')).toBeNull();
    expect(passwordPolicyRefusal('😀'.repeat(11))).toMatch(/at least 12/);
    expect(passwordPolicyRefusal('x'.repeat(257))).toMatch(/at most 256/);
  });
});
