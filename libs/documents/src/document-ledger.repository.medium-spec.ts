import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { createTestDatabase } from '../../../test/support/test-database';
import { findLedgerBreak } from './document-ledger.hash';
import { DocumentLedgerRepository } from './document-ledger.repository';
import { DocumentEntity } from './document.entity';
import { DocumentRepository } from './document.repository';
import { RenditionEntity } from './rendition.entity';
import { RenditionRepository } from './rendition.repository';

describe('document repositories (real PostgreSQL, real migrations)', () => {
  let db: DataSource;
  let documents: DocumentRepository;
  let renditions: RenditionRepository;
  let ledger: DocumentLedgerRepository;

  beforeAll(async () => {
    db = new DataSource({ type: 'postgres', url: await createTestDatabase(), entities: [DocumentEntity, RenditionEntity], extra: { max: 4 } });
    await db.initialize();
    documents = new DocumentRepository(db);
    renditions = new RenditionRepository(db);
    ledger = new DocumentLedgerRepository(db);
  });
  afterAll(() => db.destroy());

  /** What intake writes in its one transaction: the document, its pending renditions, its first ledger entry. */
  const accept = async (manager: EntityManager, id = randomUUID()) => {
    await documents.insert(
      {
        id,
        type: 'invoice',
        templateKey: 'invoice',
        templateVersion: 1,
        contentHash: 'c'.repeat(64),
        locale: 'en-US',
        externalRef: `REF-${id}`,
        recipient: { customerId: 'C-1', name: 'Jordan Miller' },
        data: { invoice: { total: '1.00' } },
        channels: ['email', 'pdf'],
        dispatch: false,
        status: 'accepted',
        createdBy: null,
      },
      manager,
    );
    await renditions.createPending(id, ['email', 'pdf'], manager);
    await ledger.append(manager, id, 'accepted', { requestSha256: 'r'.repeat(64) });
    return id;
  };

  it('accepts a document while another intake is still open: no lock is shared between documents', async () => {
    const open = db.createQueryRunner();
    await open.connect();
    await open.startTransaction();
    try {
      const first = await accept(open.manager);
      // Under one global lock this transaction would wait for the open one and give up after lock_timeout.
      const second = await db.transaction(async (manager) => {
        await manager.query(`SET LOCAL lock_timeout = '5s'`);
        return accept(manager);
      });
      expect((await ledger.of(second)).map((entry) => entry.event)).toEqual(['accepted']);
      await open.commitTransaction();
      expect((await ledger.of(first)).map((entry) => entry.seq)).toEqual([1]);
    } finally {
      if (open.isTransactionActive) await open.rollbackTransaction();
      await open.release();
    }
  });

  it('chains each document on its own, and a ready rendition records its blob key and hash', async () => {
    const id = await db.transaction((manager) => accept(manager));
    await db.transaction(async (manager) => {
      await documents.lock(id, manager);
      const marked = await renditions.markReady(
        id,
        'pdf',
        { contentType: 'application/pdf', blobKey: `renditions/${id}/pdf`, sha256: 'b'.repeat(64), altBody: null, metadata: { pages: 2 }, attempts: 1 },
        manager,
      );
      expect(marked).toBe(true);
      await ledger.append(manager, id, 'rendered', { channel: 'pdf', sha256: 'b'.repeat(64) });
    });
    // A second attempt finds it no longer pending and records nothing.
    const again = await db.transaction((manager) =>
      renditions.markReady(id, 'pdf', { contentType: 'application/pdf', blobKey: 'x', sha256: 'x', altBody: null, metadata: {}, attempts: 2 }, manager),
    );
    expect(again).toBe(false);
    expect(await renditions.find(id, 'pdf')).toMatchObject({ status: 'ready', blobKey: `renditions/${id}/pdf`, sha256: 'b'.repeat(64), attempts: 1 });
    expect((await renditions.pendingOf(id)).map((r) => r.channel)).toEqual(['email']);

    const entries = await ledger.of(id);
    expect(entries.map((entry) => [entry.seq, entry.event])).toEqual([[1, 'accepted'], [2, 'rendered']]);
    expect(entries[1].prevHash).toBe(entries[0].hash);
    expect(findLedgerBreak(entries)).toBeNull();
  });

  it('appends several entries in one insert, each linked to the one before, after what was there', async () => {
    const id = await db.transaction((manager) => accept(manager));
    await db.transaction(async (manager) => {
      await documents.lock(id, manager);
      await ledger.appendMany(manager, id, [
        { event: 'rendered', details: { channel: 'email', sha256: 'e'.repeat(64) } },
        { event: 'render_failed', details: { channel: 'pdf', code: 'limit_exceeded' } },
      ]);
      expect(await ledger.appendMany(manager, id, [])).toEqual([]);
    });
    await db.transaction((manager) => ledger.append(manager, id, 'dispatched', { channels: ['email'] }));

    const entries = await ledger.of(id);
    expect(entries.map((entry) => [entry.seq, entry.event])).toEqual([[1, 'accepted'], [2, 'rendered'], [3, 'render_failed'], [4, 'dispatched']]);
    expect(entries[2].prevHash).toBe(entries[1].hash);
    expect(statusesAre(await db.transaction((manager) => renditions.statusesOf(id, manager)))).toEqual({ email: 'pending', pdf: 'pending' });
    expect(findLedgerBreak(entries)).toBeNull();
  });

  it('marks and chains many documents in one go, each after its own head, as one document at a time would', async () => {
    const [first, second] = await db.transaction(async (manager) => [await accept(manager), await accept(manager)]);
    await db.transaction((manager) => ledger.append(manager, second, 'rendered', { channel: 'pdf', sha256: 'p'.repeat(64) }));
    await db.transaction(async (manager) => {
      await documents.lockMany([second, first], manager);
      const moved = await renditions.markMany(
        [
          { documentId: first, channel: 'email', status: 'ready', ready: { contentType: 'text/html', blobKey: `renditions/${first}/email`, sha256: 'e'.repeat(64), altBody: 'text', metadata: { subject: 'S' }, attempts: 1 } },
          { documentId: second, channel: 'email', status: 'failed', error: { code: 'limit_exceeded', message: 'too long' }, attempts: 1 },
        ],
        manager,
      );
      expect(moved).toHaveLength(2);
      await ledger.appendToMany(manager, [
        { documentId: first, events: [{ event: 'rendered', details: { channel: 'email', sha256: 'e'.repeat(64) } }] },
        { documentId: second, events: [{ event: 'render_failed', details: { channel: 'email', code: 'limit_exceeded' } }] },
      ]);
    });
    // Not pending any more: a second attempt moves nothing.
    const again = await db.transaction((manager) =>
      renditions.markMany([{ documentId: first, channel: 'email', status: 'failed', error: { code: 'x', message: 'x' }, attempts: 2 }], manager),
    );
    expect(again).toEqual([]);
    expect(await renditions.find(first, 'email')).toMatchObject({ status: 'ready', blobKey: `renditions/${first}/email`, altBody: 'text', metadata: { subject: 'S' }, error: null, attempts: 1 });
    expect(await renditions.find(second, 'email')).toMatchObject({ status: 'failed', blobKey: null, error: { code: 'limit_exceeded' }, attempts: 1 });
    expect((await ledger.of(first)).map((entry) => [entry.seq, entry.event])).toEqual([[1, 'accepted'], [2, 'rendered']]);
    expect((await ledger.of(second)).map((entry) => [entry.seq, entry.event])).toEqual([[1, 'accepted'], [2, 'rendered'], [3, 'render_failed']]);
    expect(findLedgerBreak(await ledger.of(first))).toBeNull();
    expect(findLedgerBreak(await ledger.of(second))).toBeNull();
  });

  it('cannot be rewritten, and names the entry changed behind its back', async () => {
    const id = await db.transaction((manager) => accept(manager));
    await expect(db.query(`UPDATE document_ledger SET details = '{}' WHERE document_id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM document_ledger WHERE document_id = $1`, [id])).rejects.toThrow(/append-only/);

    await db.transaction(async (manager) => {
      await manager.query('ALTER TABLE document_ledger DISABLE TRIGGER document_ledger_append_only');
      await manager.query(`UPDATE document_ledger SET details = '{"requestSha256":"forged"}' WHERE document_id = $1`, [id]);
      await manager.query('ALTER TABLE document_ledger ENABLE TRIGGER document_ledger_append_only');
    });
    expect(findLedgerBreak(await ledger.of(id))).toEqual({ brokenAt: 1, reason: 'hash_mismatch' });
  });

  it('refuses an append outside a transaction', async () => {
    await expect(ledger.append(db.manager, randomUUID(), 'accepted', {})).rejects.toThrow(/open transaction/);
  });
});

function statusesAre(rows: ReadonlyArray<{ channel: string; status: string }>): Record<string, string> {
  return Object.fromEntries(rows.map((row) => [row.channel, row.status]));
}
