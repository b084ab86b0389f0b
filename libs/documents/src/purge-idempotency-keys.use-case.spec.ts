import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../../test/support/test-database';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { IdempotencyKeyRepository } from './idempotency-key.repository';
import { PurgeIdempotencyKeysUseCase } from './purge-idempotency-keys.use-case';

describe('PurgeIdempotencyKeysUseCase (real PostgreSQL)', () => {
  let db: DataSource;

  beforeAll(async () => {
    db = new DataSource({ type: 'postgres', url: await createTestDatabase(), entities: [IdempotencyKeyEntity] });
    await db.initialize();
  });
  afterAll(() => db.destroy());

  it('removes keys past their expiry and keeps the ones still promised', async () => {
    const [identity] = await db.query(`INSERT INTO identities (kind, name) VALUES ('machine', 'billing') RETURNING id`);
    const [{ id }] = await db.query(`INSERT INTO api_keys (name, prefix, key_hash, roles, identity_id) VALUES ('k', 'p', 'h', '{billing}', $1) RETURNING id`, [identity.id]);
    const now = new Date('2026-11-22T12:00:00Z');
    await db.query(
      `INSERT INTO idempotency_keys (api_key_id, key, request_hash, state, expires_at)
       VALUES ($1, 'old', 'x', 'completed', $2), ($1, 'fresh', 'y', 'completed', $3)`,
      [id, new Date(now.getTime() - 1000), new Date(now.getTime() + 3_600_000)],
    );
    expect(await new PurgeIdempotencyKeysUseCase(new IdempotencyKeyRepository(db)).execute(now)).toBe(1);
    const rows: Array<{ key: string }> = await db.query('SELECT key FROM idempotency_keys');
    expect(rows.map((row) => row.key)).toEqual(['fresh']);
  });
});
