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
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('DocumentLedgerRepository.append needs the EntityManager of an open transaction');
    }
    const [last] = (await manager.query(
      'SELECT seq, hash FROM document_ledger WHERE document_id = $1 ORDER BY seq DESC LIMIT 1',
      [documentId],
    )) as Array<{ seq: number; hash: string }>;
    const fields = {
      documentId,
      seq: (last?.seq ?? 0) + 1,
      // Milliseconds: what both JavaScript and timestamptz keep exactly, so the hash recomputes.
      occurredAt: new Date(Date.now()),
      event,
      // Through JSON once, so what is hashed is exactly what jsonb returns.
      details: JSON.parse(JSON.stringify(details)) as Record<string, unknown>,
      prevHash: last?.hash ?? LEDGER_GENESIS_HASH,
    };
    const entry: LedgerEntry = { ...fields, hash: ledgerEntryHash(fields) };
    await manager.query(
      `INSERT INTO document_ledger (document_id, seq, occurred_at, event, details, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [entry.documentId, entry.seq, entry.occurredAt, entry.event, entry.details, entry.prevHash, entry.hash],
    );
    return entry;
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
