import { unsharedSecrets } from './unshared-secrets';

describe('unsharedSecrets', () => {
  const auditKeys = [{ id: 'k1', secret: 'a'.repeat(40) }];

  it('names what a process on a shared database would generate for itself', () => {
    expect(unsharedSecrets({ databaseUrl: 'postgres://db/ccm' })).toEqual(['CCM_SECRET', 'CCM_AUDIT_KEYS', 'CCM_ADMIN_KEY']);
    expect(unsharedSecrets({ databaseUrl: 'postgres://db/ccm', secret: 's'.repeat(40), auditKeys, adminKey: 'k'.repeat(40) })).toEqual([]);
  });

  it('names nothing on the embedded database, which only this data folder uses', () => {
    expect(unsharedSecrets({})).toEqual([]);
  });
});
