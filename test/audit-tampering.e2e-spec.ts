import { Client } from 'pg';
import { ChainedFields, entryHash, GENESIS_HASH } from '../libs/audit/src';
import { startTestPlatform, TestPlatform } from './support/test-platform';

interface Row {
  id: string;
  occurred_at: Date;
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
  key_id: string | null;
}

/**
 * Scenario 14 against the real database: what the runtime role may not do at
 * all, and what someone with the database's superuser (but not the audit key,
 * which lives outside it) can do and still gets named.
 */
describe('audit chain under tampering (e2e)', () => {
  let platform: TestPlatform;
  let reviewer: string;
  let owner: Client;
  const auth = (key: string) => ({ Authorization: `Bearer ${key}` });
  const verify = async () => (await platform.http.get('/v1/audit/verify').set(auth(reviewer)).expect(200)).body;
  const rows = async () =>
    (
      await owner.query<Row>(
        'SELECT id::text, occurred_at, actor, action, subject_type, subject_id, details, prev_hash, hash, key_id FROM audit_log ORDER BY id',
      )
    ).rows;
  /** As a superuser with triggers off, replaces the whole log by `entries`. */
  const rewrite = async (entries: Row[]) => {
    await owner.query('BEGIN');
    await owner.query('SET LOCAL session_replication_role = replica');
    await owner.query('DELETE FROM audit_log');
    for (const e of entries) {
      await owner.query(
        'INSERT INTO audit_log (id, occurred_at, actor, action, subject_type, subject_id, details, prev_hash, hash, key_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
        [e.id, e.occurred_at, e.actor, e.action, e.subject_type, e.subject_id, e.details, e.prev_hash, e.hash, e.key_id],
      );
    }
    await owner.query('COMMIT');
  };
  /** The chain recomputed from `from` on with plain SHA-256, as anyone without the key would: `keyId` is what each entry then claims. */
  const recomputedWithoutKey = (entries: Row[], from: number, keyId: (row: Row) => string | null) => {
    let prev = from === 0 ? GENESIS_HASH : entries[from - 1].hash;
    return entries.map((row, i) => {
      if (i < from) return row;
      const fields: ChainedFields = {
        id: row.id,
        occurredAt: row.occurred_at,
        actor: row.actor,
        action: row.action,
        subjectType: row.subject_type,
        subjectId: row.subject_id,
        details: row.details,
        prevHash: prev,
        keyId: null,
      };
      const hash = entryHash(fields);
      prev = hash;
      return { ...row, prev_hash: fields.prevHash, hash, key_id: keyId(row) };
    });
  };

  beforeAll(async () => {
    platform = await startTestPlatform();
    reviewer = await platform.keyFor('reviewer');
    for (let i = 0; i < 3; i += 1) await platform.keyFor('author');
    owner = new Client({ connectionString: platform.databaseUrl });
    await owner.connect();
  });
  afterAll(async () => {
    await owner.end();
    await platform.close();
  });

  it('runs as a role that can neither switch triggers off nor change or remove entries', async () => {
    const runtime = new Client({ connectionString: platform.runtimeDatabaseUrl });
    await runtime.connect();
    try {
      const [me] = (await runtime.query('SELECT current_user AS name, rolsuper FROM pg_roles WHERE rolname = current_user')).rows;
      expect(me).toEqual({ name: expect.stringMatching(/^ccm_app_ccm_test_/), rolsuper: false });
      await expect(runtime.query('SET session_replication_role = replica')).rejects.toThrow(/permission denied/);
      await expect(runtime.query(`UPDATE audit_log SET actor = 'mallory'`)).rejects.toThrow(/permission denied/);
      await expect(runtime.query('DELETE FROM audit_log')).rejects.toThrow(/permission denied/);
      await expect(runtime.query('TRUNCATE audit_log')).rejects.toThrow(/permission denied/);
      await expect(runtime.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only')).rejects.toThrow(/must be owner/);
      await expect(runtime.query('DELETE FROM audit_checkpoints')).rejects.toThrow(/permission denied/);
      await expect(runtime.query(`DELETE FROM schema_migrations`)).rejects.toThrow(/permission denied/);
    } finally {
      await runtime.end();
    }
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('names an entry edited with the triggers off and the chain recomputed without the key', async () => {
    const original = await rows();
    expect(original.every((row) => row.key_id !== null)).toBe(true);
    const target = 2;
    const edited = original.map((row, i) => (i === target ? { ...row, actor: 'mallory' } : row));
    try {
      // Claiming no key (as entries from before keying do) is refused after keyed entries.
      await rewrite(recomputedWithoutKey(edited, target, () => null));
      expect(await verify()).toMatchObject({ ok: false, brokenAt: original[target].id, reason: 'unkeyed_after_keyed' });
      // Keeping the key ids does not help: the hash cannot be made without the secret.
      await rewrite(recomputedWithoutKey(edited, target, (row) => row.key_id));
      expect(await verify()).toMatchObject({ ok: false, brokenAt: original[target].id, reason: 'hash_mismatch' });
    } finally {
      await rewrite(original);
    }
    expect(await verify()).toMatchObject({ ok: true, entries: original.length });
  });

  it('names the checkpoint after which the newest entries were deleted, even when the stored checkpoints are deleted too', async () => {
    const checkpoint = (await platform.http.post('/v1/audit/checkpoints').set(auth(reviewer)).expect(201)).body;
    const original = await rows();
    expect(checkpoint).toMatchObject({ format: 'ccm-audit-checkpoint/1', entryId: original.at(-1)!.id, entries: original.length });
    expect((await platform.http.get('/v1/audit/checkpoints').set(auth(reviewer)).expect(200)).body).toEqual([checkpoint]);

    await rewrite(original.slice(0, -2));
    const stored = await verify();
    expect(stored).toMatchObject({ ok: false, reason: 'entries_deleted_after_checkpoint', brokenAt: checkpoint.entryId, entries: original.length - 2 });
    expect(stored.detail).toContain(`it covers ${original.length} entries up to entry ${checkpoint.entryId}`);

    // The superuser removes the stored checkpoints as well: the exported one still names the loss.
    await owner.query('BEGIN');
    await owner.query('SET LOCAL session_replication_role = replica');
    await owner.query('DELETE FROM audit_checkpoints');
    await owner.query('COMMIT');
    expect(await verify()).toMatchObject({ ok: true });
    const exported = await platform.http.post('/v1/audit/verify').set(auth(reviewer)).send({ checkpoints: [checkpoint] }).expect(200);
    expect(exported.body).toMatchObject({ ok: false, reason: 'entries_deleted_after_checkpoint', brokenAt: checkpoint.entryId });

    // So is a chain rewritten from the start as if it predated keying.
    await rewrite(recomputedWithoutKey(original, 0, () => null));
    const rewritten = await platform.http.post('/v1/audit/verify').set(auth(reviewer)).send({ checkpoints: [checkpoint] }).expect(200);
    expect(rewritten.body).toMatchObject({ ok: false, reason: 'checkpoint_mismatch', brokenAt: checkpoint.entryId });

    const forged = await platform.http.post('/v1/audit/verify').set(auth(reviewer)).send({ checkpoints: [{ ...checkpoint, entries: 1 }] }).expect(200);
    expect(forged.body).toMatchObject({ ok: false, reason: 'checkpoint_forged' });
    const malformed = await platform.http.post('/v1/audit/verify').set(auth(reviewer)).send({ checkpoints: [{ ...checkpoint, entryHash: 'x' }] }).expect(422);
    expect(malformed.body.errors).toEqual([expect.objectContaining({ pointer: '/checkpoints/0/entryHash' })]);
  });
});
