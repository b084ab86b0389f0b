import { ChainedFields, entryHash, findBreak, GENESIS_HASH } from './audit-chain.hash';

function chain(count: number) {
  const entries: Array<ChainedFields & { hash: string }> = [];
  let prevHash = GENESIS_HASH;
  for (let i = 1; i <= count; i += 1) {
    const fields: ChainedFields = {
      id: String(i),
      occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
      actor: 'key-1',
      action: 'version.approved',
      subjectType: 'template_version',
      subjectId: `invoice@${i}`,
      details: { comment: 'ok', nested: { b: 1, a: [1, 2] } },
      prevHash,
    };
    const hash = entryHash(fields);
    entries.push({ ...fields, hash });
    prevHash = hash;
  }
  return entries;
}

describe('audit hash chain', () => {
  it('holds for untouched entries', () => {
    expect(findBreak(chain(5))).toBeNull();
  });

  it('does not depend on the key order of details (jsonb returns its own order)', () => {
    const [entry] = chain(1);
    const reordered = { ...entry, details: { nested: { a: [1, 2], b: 1 }, comment: 'ok' } };
    expect(entryHash(reordered)).toBe(entry.hash);
  });

  it('names the first altered entry', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2], actor: 'mallory' };
    expect(findBreak(entries)).toMatchObject({ brokenAt: '3', reason: 'hash_mismatch' });
  });

  it('names the entry after a removed one, whose link no longer holds', () => {
    const entries = chain(5);
    entries.splice(1, 1);
    expect(findBreak(entries)).toMatchObject({ brokenAt: '3', reason: 'link_mismatch' });
  });

  it('catches an entry rewritten together with its own hash by the broken link after it', () => {
    const entries = chain(4);
    const forged = { ...entries[1], details: { comment: 'forged' } };
    entries[1] = { ...forged, hash: entryHash(forged) };
    expect(findBreak(entries)).toMatchObject({ brokenAt: '3', reason: 'link_mismatch' });
  });
});
