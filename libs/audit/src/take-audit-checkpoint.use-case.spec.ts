import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../../test/support/test-database';
import { AuditCheckpointEntity } from './audit-checkpoint.entity';
import { AuditCheckpointRepository } from './audit-checkpoint.repository';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditKeyRing } from './audit-key-ring';
import { AuditLogRepository } from './audit-log.repository';
import { TakeAuditCheckpointUseCase } from './take-audit-checkpoint.use-case';
import { VerifyAuditChainUseCase } from './verify-audit-chain.use-case';

describe('audit checkpoints (real PostgreSQL)', () => {
  let db: DataSource;
  const keys = new AuditKeyRing([{ id: 'k1', secret: 'k1-secret-0123456789abcdef0123456789' }]);
  beforeAll(async () => {
    db = new DataSource({ type: 'postgres', url: await createTestDatabase(), entities: [AuditEntryEntity, AuditCheckpointEntity] });
    await db.initialize();
  });
  afterAll(() => db.destroy());

  it('signs the head periodically only when the chain moved, and verification holds against them', async () => {
    const log = new AuditLogRepository(db, keys);
    const stored = new AuditCheckpointRepository(db);
    const take = new TakeAuditCheckpointUseCase(db, log, stored, keys);
    const verify = new VerifyAuditChainUseCase(log, stored, keys);
    await log.appendAlone({ actor: 'system:test', action: 'thing.done', subject: { type: 'thing', id: '1' } });
    const first = await take.execute({ onlyIfMoved: true });
    expect(first).toMatchObject({ entries: 1, keyId: 'k1' });
    expect(await take.execute({ onlyIfMoved: true })).toBeNull();
    await log.appendAlone({ actor: 'system:test', action: 'thing.done', subject: { type: 'thing', id: '2' } });
    expect(await take.execute({ onlyIfMoved: true })).toMatchObject({ entries: 2 });
    expect(await verify.execute()).toEqual({ ok: true, entries: 2, unkeyedEntries: 0, checkpoints: 2 });
  });
});
