import { ChainedFields, entryHash, GENESIS_HASH } from './audit-chain.hash';
import { AuditCheckpoint, signCheckpoint } from './audit-checkpoint';
import { AuditKeyRing } from './audit-key-ring';
import { ChainVerification } from './chain-verification';

const keys = new AuditKeyRing([{ id: 'k1', secret: 'k1-secret-0123456789abcdef0123456789' }]);

function chain(count: number, details: (i: number) => Record<string, unknown> = () => ({})) {
  const entries: Array<ChainedFields & { hash: string }> = [];
  let prevHash = GENESIS_HASH;
  for (let i = 1; i <= count; i += 1) {
    const fields: ChainedFields = {
      id: String(i * 2),
      occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
      actor: 'system:test',
      action: 'thing.done',
      subjectType: 'thing',
      subjectId: String(i),
      details: details(i),
      prevHash,
      keyId: 'k1',
    };
    const hash = entryHash(fields, keys.current.secret);
    entries.push({ ...fields, hash });
    prevHash = hash;
  }
  return entries;
}

function checkpointAt(entries: Array<{ id: string; hash: string }>, count: number): AuditCheckpoint {
  const last = entries[count - 1];
  return signCheckpoint({ entryId: last.id, entryHash: last.hash, entries: count, createdAt: '2026-01-02T00:00:00.000Z' }, keys);
}

function verify(entries: Array<ChainedFields & { hash: string }>, checkpoints: AuditCheckpoint[]) {
  const verification = new ChainVerification(keys, checkpoints);
  for (const entry of entries) if (!verification.next(entry)) break;
  return verification.result();
}

describe('verification against signed checkpoints', () => {
  it('holds for the chain a checkpoint signed and for what was appended after it', () => {
    const entries = chain(6);
    expect(verify(entries, [checkpointAt(entries, 4)])).toEqual({ ok: true, entries: 6, unkeyedEntries: 0, checkpoints: 1 });
  });

  it('names the checkpoint whose newest entries were deleted', () => {
    const entries = chain(6);
    const checkpoint = checkpointAt(entries, 6);
    const result = verify(entries.slice(0, 4), [checkpoint]);
    expect(result).toMatchObject({ ok: false, reason: 'entries_deleted_after_checkpoint', brokenAt: '12', entries: 4 });
    expect(result.ok || result.detail).toMatch(/entries deleted after the checkpoint of 2026-01-02T00:00:00.000Z: it covers 6 entries up to entry 12, the chain now ends at entry 8 with 4/);
  });

  it('refuses a checkpoint that was not signed with the audit key', () => {
    const entries = chain(3);
    const forged = { ...checkpointAt(entries, 3), entries: 2 };
    expect(verify(entries, [forged])).toMatchObject({ ok: false, reason: 'checkpoint_forged' });
  });

  it('names a checkpoint whose entry is no longer what it signed', () => {
    const entries = chain(4);
    const checkpoint = checkpointAt(entries, 3);
    // Even the whole chain rebuilt with the key cannot match a checkpoint taken before.
    const rebuilt = chain(4, (i) => (i === 3 ? { rewritten: true } : {}));
    expect(verify(rebuilt, [checkpoint])).toMatchObject({ ok: false, reason: 'checkpoint_mismatch', brokenAt: '6' });
  });
});
