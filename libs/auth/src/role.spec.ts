import { fourEyesRefusal, Principal } from './role';

const principal = (over: Partial<Principal> = {}): Principal => ({
  keyId: 'key-r',
  name: 'reviewer key',
  roles: ['reviewer'],
  identity: { id: 'rita', kind: 'person', name: 'Rita', email: 'rita@example.test' },
  issuedBy: ['admin'],
  ...over,
});

describe('four-eyes between people', () => {
  it('lets someone else approve, whoever issued their key', () => {
    expect(fourEyesRefusal(principal(), 'alice', ['admin'])).toBeNull();
  });

  it('refuses the author with any key, a key the author issued, the issuer of the author’s key, and machines', () => {
    expect(fourEyesRefusal(principal(), 'rita', [])).toMatch(/any of their keys/);
    expect(fourEyesRefusal(principal({ issuedBy: ['admin', 'alice'] }), 'alice', [])).toMatch(/author issued the approving key/);
    expect(fourEyesRefusal(principal(), 'alice', ['rita'])).toMatch(/issued a key the author holds/);
    const bot = principal({ roles: ['admin'], identity: { id: 'ci', kind: 'machine', name: 'ci-bot', email: null }, issuedBy: [] });
    expect(fourEyesRefusal(bot, 'alice', [])).toMatch(/machines never approve/);
  });
});
