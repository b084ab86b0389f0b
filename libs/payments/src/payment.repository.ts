import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { PaymentSource } from './payment-provider';

export interface PaymentRecord {
  readonly id: string;
  readonly documentId: string;
  readonly source: PaymentSource;
  readonly providerReference: string;
  /** Decimal string in the currency's precision. */
  readonly amount: string;
  readonly currency: string;
  readonly paidAt: Date;
  readonly recordedAt: Date;
}

interface Row {
  id: string;
  document_id: string;
  source: PaymentSource;
  provider_reference: string;
  amount: string;
  currency: string;
  paid_at: Date;
  recorded_at: Date;
}

const COLUMNS = 'id, document_id, source, provider_reference, amount, currency, paid_at, recorded_at';

/**
 * The `payments` table (append-only; analytics reads its columns as they are).
 * At most one payment per document and per `(source, provider_reference)`.
 */
@Injectable()
export class PaymentRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async forDocument(documentId: string, manager: EntityManager = this.db.manager): Promise<PaymentRecord | null> {
    const [row] = (await manager.query(`SELECT ${COLUMNS} FROM payments WHERE document_id = $1`, [documentId])) as Row[];
    return row ? toRecord(row) : null;
  }

  async bySourceReference(source: PaymentSource, providerReference: string, manager: EntityManager = this.db.manager): Promise<PaymentRecord | null> {
    const [row] = (await manager.query(`SELECT ${COLUMNS} FROM payments WHERE source = $1 AND provider_reference = $2`, [source, providerReference])) as Row[];
    return row ? toRecord(row) : null;
  }

  /** Inserts in the caller's transaction, which holds the document's row, so the uniqueness checks before it cannot race. */
  async insert(payment: Omit<PaymentRecord, 'recordedAt'>, manager: EntityManager): Promise<PaymentRecord> {
    const [row] = (await manager.query(
      `INSERT INTO payments (id, document_id, source, provider_reference, amount, currency, paid_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [payment.id, payment.documentId, payment.source, payment.providerReference, payment.amount, payment.currency, payment.paidAt],
    )) as Row[];
    return toRecord(row);
  }
}

function toRecord(row: Row): PaymentRecord {
  return {
    id: row.id,
    documentId: row.document_id,
    source: row.source,
    providerReference: row.provider_reference,
    amount: row.amount,
    currency: row.currency,
    paidAt: row.paid_at,
    recordedAt: row.recorded_at,
  };
}
