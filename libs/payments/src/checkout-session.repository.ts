import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { PaymentProviderName } from './payment-provider';

export type CheckoutStatus = 'created' | 'completed' | 'expired';

export interface CheckoutSessionRecord {
  readonly id: string;
  readonly documentId: string;
  readonly linkId: string;
  readonly provider: PaymentProviderName;
  readonly providerSessionId: string;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly redirectUrl: string;
  readonly status: CheckoutStatus;
  readonly idempotencyKey: string;
  readonly createdAt: Date;
  readonly completedAt: Date | null;
}

interface Row {
  id: string;
  document_id: string;
  link_id: string;
  provider: PaymentProviderName;
  provider_session_id: string;
  amount_minor: string;
  currency: string;
  redirect_url: string;
  status: CheckoutStatus;
  idempotency_key: string;
  created_at: Date;
  completed_at: Date | null;
}

const COLUMNS = 'id, document_id, link_id, provider, provider_session_id, amount_minor, currency, redirect_url, status, idempotency_key, created_at, completed_at';

/** The `checkout_sessions` table: each press of a pay button and what the provider was asked. */
@Injectable()
export class CheckoutSessionRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async byIdempotencyKey(key: string): Promise<CheckoutSessionRecord | null> {
    return this.one(`SELECT ${COLUMNS} FROM checkout_sessions WHERE idempotency_key = $1`, [key]);
  }

  async byProviderSession(provider: PaymentProviderName, providerSessionId: string, manager: EntityManager = this.db.manager): Promise<CheckoutSessionRecord | null> {
    return this.one(`SELECT ${COLUMNS} FROM checkout_sessions WHERE provider = $1 AND provider_session_id = $2`, [provider, providerSessionId], manager);
  }

  /** Records a session; false when another request with the same key recorded one first. */
  async insert(session: Omit<CheckoutSessionRecord, 'createdAt' | 'completedAt' | 'status'>): Promise<boolean> {
    const rows = (await this.db.query(
      `INSERT INTO checkout_sessions (id, document_id, link_id, provider, provider_session_id, amount_minor, currency, redirect_url, status, idempotency_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'created', $9) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
      [session.id, session.documentId, session.linkId, session.provider, session.providerSessionId, session.amountMinor.toString(), session.currency, session.redirectUrl, session.idempotencyKey],
    )) as unknown[];
    return rows.length > 0;
  }

  async complete(id: string, at: Date, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE checkout_sessions SET status = 'completed', completed_at = $2 WHERE id = $1 AND status <> 'completed'`, [id, at]);
  }

  private async one(sql: string, params: unknown[], manager: EntityManager = this.db.manager): Promise<CheckoutSessionRecord | null> {
    const [row] = (await manager.query(sql, params)) as Row[];
    return row ? toRecord(row) : null;
  }
}

function toRecord(row: Row): CheckoutSessionRecord {
  return {
    id: row.id,
    documentId: row.document_id,
    linkId: row.link_id,
    provider: row.provider,
    providerSessionId: row.provider_session_id,
    amountMinor: BigInt(row.amount_minor),
    currency: row.currency,
    redirectUrl: row.redirect_url,
    status: row.status,
    idempotencyKey: row.idempotency_key,
    createdAt: row.created_at,
    completedAt: row.completed_at,
  };
}
