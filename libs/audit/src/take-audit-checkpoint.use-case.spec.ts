import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../../test/support/test-database';
import { AuditCheckpointEntity } from './audit-checkpoint.entity';
import { AuditCheckpoints } from './audit-checkpoint.repository';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditKeyRing } from './audit-key-ring';
import { AuditLog } from './audit-log.repository';

describe('audit checkpoints (real PostgreSQL)', () => {
  let db: DataSource;
  const keys = new AuditKeyRing([{ id: 'k1', secret: 'k1-secret-0123456789abcdef0123456789' }]);
  beforeAll(async () => {
    db = new DataSource({ type: 'postgres', url: await createTestDatabase(), entities: [AuditEntryEntity, AuditCheckpointEntity] });
    await db.initialize();
  });
  afterAll(() => db.destroy());

  it('signs the head periodically only when the chain moved, and verification holds against them', async () => {
    const log = new AuditLog(db, keys);
    const checkpoints = new AuditCheckpoints(db, keys);
    await log.appendAlone({ actor: 'system:test', action: 'thing.done', subject: { type: 'thing', id: '1' } });
    const first = await checkpoints.takeIfMoved();
    expect(first).toMatchObject({ entries: 1, keyId: 'k1' });
    expect(await checkpoints.takeIfMoved()).toBeNull();
    await log.appendAlone({ actor: 'system:test', action: 'thing.done', subject: { type: 'thing', id: '2' } });
    expect(await checkpoints.takeIfMoved()).toMatchObject({ entries: 2 });
    expect(await log.verify(await checkpoints.all())).toEqual({ ok: true, entries: 2, unkeyedEntries: 0, checkpoints: 2 });
  });
});
