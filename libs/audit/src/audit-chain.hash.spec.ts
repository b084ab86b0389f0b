import { ChainedFields, entryHash, findBreak, GENESIS_HASH } from './audit-chain.hash';
import { AuditKeyRing } from './audit-key-ring';

const keys = new AuditKeyRing([{ id: 'k1', secret: 'k1-secret-0123456789abcdef0123456789' }]);

function chain(count: number, options: { unkeyed?: number; ring?: AuditKeyRing } = {}) {
  const ring = options.ring ?? keys;
  const entries: Array<ChainedFields & { hash: string }> = [];
  let prevHash = GENESIS_HASH;
  for (let i = 1; i <= count; i += 1) {
    const keyId = i <= (options.unkeyed ?? 0) ? null : ring.current.id;
    const fields: ChainedFields = {
      id: String(i),
      occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
      actor: 'key-1',
      action: 'version.approved',
      subjectType: 'template_version',
      subjectId: `invoice@${i}`,
      details: { comment: 'ok', nested: { b: 1, a: [1, 2] } },
      prevHash,
      keyId,
    };
    const hash = entryHash(fields, keyId ? ring.secretOf(keyId) : undefined);
    entries.push({ ...fields, hash });
    prevHash = hash;
  }
  return entries;
}

/** What someone with the database but without the key can do: recompute every hash from the edited entry on, unkeyed. */
function recomputeWithoutKey(entries: Array<ChainedFields & { hash: string }>, from: number, edit: (entry: ChainedFields) => ChainedFields) {
  let prevHash = from === 0 ? GENESIS_HASH : entries[from - 1].hash;
  return entries.map((entry, i) => {
    if (i < from) return entry;
    const fields = { ...(i === from ? edit(entry) : entry), prevHash, keyId: null };
    const hash = entryHash(fields);
    prevHash = hash;
    return { ...fields, hash };
  });
}

describe('audit hash chain', () => {
  it('holds for untouched entries', () => {
    expect(findBreak(chain(5), keys)).toBeNull();
  });

  it('does not depend on the key order of details (jsonb returns its own order)', () => {
    const [entry] = chain(1);
    const reordered = { ...entry, details: { nested: { a: [1, 2], b: 1 }, comment: 'ok' } };
    expect(entryHash(reordered, keys.secretOf('k1'))).toBe(entry.hash);
  });

  it('names the first altered entry', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2], actor: 'mallory' };
    expect(findBreak(entries, keys)).toMatchObject({ brokenAt: '3', reason: 'hash_mismatch' });
  });

  it('names the entry after a removed one, whose link no longer holds', () => {
    const entries = chain(5);
    entries.splice(1, 1);
    expect(findBreak(entries, keys)).toMatchObject({ brokenAt: '3', reason: 'link_mismatch' });
  });

  it('names an entry edited and rehashed without the key, however the rest of the chain is recomputed', () => {
    const plain = recomputeWithoutKey(chain(5), 2, (entry) => ({ ...entry, actor: 'mallory' }));
    expect(findBreak(plain, keys)).toMatchObject({ brokenAt: '3', reason: 'unkeyed_after_keyed' });
    // Keeping the key id does not help: without the secret the hash cannot be made.
    const keptKeyId = plain.map((entry, i) => (i >= 2 ? { ...entry, keyId: 'k1' } : entry));
    expect(findBreak(keptKeyId, keys)).toMatchObject({ brokenAt: '3', reason: 'hash_mismatch' });
  });

  it('accepts entries from before keying only ahead of the keyed ones', () => {
    expect(findBreak(chain(6, { unkeyed: 3 }), keys)).toBeNull();
  });

  it('verifies entries linked with an older key after rotation, and names a key it does not have', () => {
    const entries = chain(3);
    const rotated = new AuditKeyRing([{ id: 'k2', secret: 'k2-secret-0123456789abcdef0123456789' }, keys.current]);
    expect(findBreak(entries, rotated)).toBeNull();
    const forgotten = new AuditKeyRing([{ id: 'k2', secret: 'k2-secret-0123456789abcdef0123456789' }]);
    expect(findBreak(entries, forgotten)).toMatchObject({ brokenAt: '1', reason: 'unknown_key', found: 'k1' });
  });
});
