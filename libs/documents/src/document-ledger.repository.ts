import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { LEDGER_GENESIS_HASH, LedgerEntry, LedgerEvent, ledgerEntryHash } from './document-ledger.hash';

interface LedgerRow {
  document_id: string;
  seq: number;
  occurred_at: Date;
  event: LedgerEvent;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

/**
 * The `document_ledger` table: each document's own hash chain. An append runs
 * in the transaction of the change it records and links only to the same
 * document's last entry, so documents never wait for one another. The caller
 * holds the document (a new document's row is invisible to others; an existing
 * one is locked with `DocumentRepository.lock`), so its chain never forks.
 */
@Injectable()
export class DocumentLedgerRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async append(manager: EntityManager, documentId: string, event: LedgerEvent, details: Record<string, unknown>): Promise<LedgerEntry> {
    const [entry] = await this.appendMany(manager, documentId, [{ event, details }]);
    return entry;
  }

  /**
   * Appends several entries, chained in the order given, with one read of the
   * chain's head and one multi-row insert: a render that settles three
   * channels costs two statements, not six.
   */
  async appendMany(
    manager: EntityManager,
    documentId: string,
    events: ReadonlyArray<{ readonly event: LedgerEvent; readonly details: Record<string, unknown> }>,
  ): Promise<LedgerEntry[]> {
    return (await this.appendToMany(manager, [{ documentId, events }])).get(documentId) ?? [];
  }

  /**
   * Appends entries to many documents' chains with one read of all their heads
   * and one multi-row insert; each document's entries chain in the order given,
   * exactly as `appendMany` chains them. The caller holds every document.
   */
  async appendToMany(
    manager: EntityManager,
    appends: ReadonlyArray<{ readonly documentId: string; readonly events: ReadonlyArray<{ readonly event: LedgerEvent; readonly details: Record<string, unknown> }> }>,
  ): Promise<Map<string, LedgerEntry[]>> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('DocumentLedgerRepository.append needs the EntityManager of an open transaction');
    }
    const written = new Map<string, LedgerEntry[]>();
    const nonEmpty = appends.filter((append) => append.events.length);
    if (!nonEmpty.length) return written;
    const heads = (await manager.query(
      `SELECT DISTINCT ON (document_id) document_id, seq, hash FROM document_ledger
        WHERE document_id = ANY($1::uuid[]) ORDER BY document_id, seq DESC`,
      [nonEmpty.map((append) => append.documentId)],
    )) as Array<{ document_id: string; seq: number; hash: string }>;
    const headOf = new Map(heads.map((head) => [head.document_id, head]));
    // Milliseconds: what both JavaScript and timestamptz keep exactly, so the hash recomputes.
    const occurredAt = new Date(Date.now());
    const values: unknown[] = [];
    const rows: string[] = [];
    for (const { documentId, events } of nonEmpty) {
      const last = headOf.get(documentId);
      let seq = last?.seq ?? 0;
      let prevHash = last?.hash ?? LEDGER_GENESIS_HASH;
      const entries = events.map(({ event, details }) => {
        seq += 1;
        // Through JSON once, so what is hashed is exactly what jsonb returns.
        const fields = { documentId, seq, occurredAt, event, details: JSON.parse(JSON.stringify(details)) as Record<string, unknown>, prevHash };
        const entry: LedgerEntry = { ...fields, hash: ledgerEntryHash(fields) };
        prevHash = entry.hash;
        const at = values.length;
        values.push(entry.documentId, entry.seq, entry.occurredAt, entry.event, entry.details, entry.prevHash, entry.hash);
        rows.push(`($${at + 1}, $${at + 2}, $${at + 3}, $${at + 4}, $${at + 5}, $${at + 6}, $${at + 7})`);
        return entry;
      });
      written.set(documentId, [...(written.get(documentId) ?? []), ...entries]);
    }
    await manager.query(
      `INSERT INTO document_ledger (document_id, seq, occurred_at, event, details, prev_hash, hash) VALUES ${rows.join(', ')}`,
      values,
    );
    return written;
  }

  /**
   * The first entry (`accepted`) of many new documents, in one insert. Only for
   * documents created in `manager`'s transaction: their chains are empty.
   */
  async appendFirstOfMany(manager: EntityManager, firsts: ReadonlyArray<{ readonly documentId: string; readonly details: Record<string, unknown> }>): Promise<void> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('DocumentLedgerRepository.append needs the EntityManager of an open transaction');
    }
    if (!firsts.length) return;
    const occurredAt = new Date(Date.now());
    const values: unknown[] = [];
    const rows = firsts.map(({ documentId, details }, index) => {
      const fields = { documentId, seq: 1, occurredAt, event: 'accepted' as const, details: JSON.parse(JSON.stringify(details)) as Record<string, unknown>, prevHash: LEDGER_GENESIS_HASH };
      values.push(documentId, 1, occurredAt, 'accepted', fields.details, LEDGER_GENESIS_HASH, ledgerEntryHash(fields));
      const at = index * 7;
      return `($${at + 1}, $${at + 2}, $${at + 3}, $${at + 4}, $${at + 5}, $${at + 6}, $${at + 7})`;
    });
    await manager.query(`INSERT INTO document_ledger (document_id, seq, occurred_at, event, details, prev_hash, hash) VALUES ${rows.join(', ')}`, values);
  }

  /** A document's history, oldest first. */
  async of(documentId: string): Promise<LedgerEntry[]> {
    const rows = (await this.db.query(
      'SELECT document_id, seq, occurred_at, event, details, prev_hash, hash FROM document_ledger WHERE document_id = $1 ORDER BY seq',
      [documentId],
    )) as LedgerRow[];
    return rows.map((row) => ({
      documentId: row.document_id,
      seq: row.seq,
      occurredAt: row.occurred_at,
      event: row.event,
      details: row.details,
      prevHash: row.prev_hash,
      hash: row.hash,
    }));
  }
}
