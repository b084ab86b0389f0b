import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DocumentEntity, DocumentStatus } from './document.entity';

export type NewDocument = Omit<DocumentEntity, 'createdAt' | 'updatedAt' | 'batchId'> & { readonly batchId?: string | null };

/**
 * A document without its data, and whether its batch was cancelled: all that
 * dispatch needs of a document (its address, channels and batch). The data, an
 * invoice's lines, is most of a row and only the renderer reads it.
 */
export type DocumentHead = Omit<DocumentEntity, 'data'> & { readonly batchCancelled: boolean };

/** Where a document stands in newest-first order: created_at as ISO 8601 to the microsecond, then id. */
export interface DocumentPosition {
  readonly createdAt: string;
  readonly id: string;
}

export interface DocumentFilter {
  readonly externalRef?: string;
  readonly customerId?: string;
  readonly type?: string;
  readonly status?: DocumentStatus;
  readonly before?: DocumentPosition;
  readonly limit: number;
}

/** The `documents` table. Writes that belong to a larger change take the caller's transaction. */
@Injectable()
export class DocumentRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  findById(id: string, manager: EntityManager = this.db.manager): Promise<DocumentEntity | null> {
    return manager.findOneBy(DocumentEntity, { id });
  }

  /**
   * Many documents in one plain read (the render path takes a fetch's worth at once);
   * ids not found are simply absent.
   */
  async findMany(ids: readonly string[], manager: EntityManager = this.db.manager): Promise<DocumentEntity[]> {
    if (!ids.length) return [];
    const rows = (await manager.query(
      `SELECT id, type, template_key, template_version, content_hash, locale, external_ref, recipient, data, channels, dispatch, status,
              batch_id, created_by, created_at, updated_at
         FROM documents WHERE id = ANY($1::uuid[])`,
      [ids],
    )) as DocumentRow[];
    return rows.map(documentOfRow);
  }

  /**
   * Many documents' heads in one read, with their batches' cancellation; with
   * `lock`, their rows are held (in id order) until `manager`'s transaction ends.
   */
  async findHeads(ids: readonly string[], manager: EntityManager = this.db.manager, options: { lock?: boolean } = {}): Promise<DocumentHead[]> {
    if (!ids.length) return [];
    const rows = (await manager.query(
      `SELECT d.id, d.type, d.template_key, d.template_version, d.content_hash, d.locale, d.external_ref, d.recipient, d.channels, d.dispatch, d.status,
              d.batch_id, d.created_by, d.created_at, d.updated_at, b.cancelled_at IS NOT NULL AS batch_cancelled
         FROM documents d LEFT JOIN batches b ON b.id = d.batch_id
        WHERE d.id = ANY($1::uuid[])${options.lock ? ' ORDER BY d.id FOR UPDATE OF d' : ''}`,
      [[...new Set(ids)]],
    )) as Array<Omit<DocumentRow, 'data'> & { batch_cancelled: boolean }>;
    return rows.map((row) => ({ ...headOfRow(row), batchCancelled: row.batch_cancelled }));
  }

  findByExternalRef(type: string, externalRef: string, manager: EntityManager = this.db.manager): Promise<DocumentEntity | null> {
    return manager.findOneBy(DocumentEntity, { type, externalRef });
  }

  /**
   * Documents matching every given filter, newest first, strictly before the
   * keyset position `before` when given. Each comes with its own position,
   * created_at to the microsecond (a JavaScript Date would round it to the
   * millisecond, and a page boundary inside one millisecond would skip rows).
   */
  async search(filter: DocumentFilter): Promise<Array<{ document: DocumentEntity; position: DocumentPosition }>> {
    const query = this.db.manager
      .createQueryBuilder(DocumentEntity, 'd')
      .addSelect(`to_char(d.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, 'position_at');
    if (filter.externalRef !== undefined) query.andWhere('d.external_ref = :externalRef', { externalRef: filter.externalRef });
    if (filter.customerId !== undefined) query.andWhere("d.recipient->>'customerId' = :customerId", { customerId: filter.customerId });
    if (filter.type !== undefined) query.andWhere('d.type = :type', { type: filter.type });
    if (filter.status !== undefined) query.andWhere('d.status = :status', { status: filter.status });
    if (filter.before) {
      query.andWhere('(d.created_at, d.id) < (CAST(:beforeAt AS timestamptz), CAST(:beforeId AS uuid))', { beforeAt: filter.before.createdAt, beforeId: filter.before.id });
    }
    const { entities, raw } = await query.orderBy('d.created_at', 'DESC').addOrderBy('d.id', 'DESC').limit(filter.limit).getRawAndEntities();
    return entities.map((document, i) => ({ document, position: { createdAt: (raw[i] as { position_at: string }).position_at, id: document.id } }));
  }

  /** Inserts the document and returns it as stored (with its timestamps). */
  async insert(document: NewDocument, manager: EntityManager): Promise<DocumentEntity> {
    return manager.save(DocumentEntity, manager.create(DocumentEntity, document));
  }

  /**
   * Moves an accepted document to its outcome; a document already settled stays
   * as it is. True when this call moved it.
   */
  async settle(id: string, status: Exclude<DocumentStatus, 'accepted'>, manager: EntityManager = this.db.manager): Promise<boolean> {
    const result = await manager.update(DocumentEntity, { id, status: 'accepted' }, { status });
    return (result.affected ?? 0) > 0;
  }

  /**
   * Moves many accepted documents to their outcomes in one statement and answers
   * the ones this call moved, with what their settle events carry.
   */
  async settleMany(
    settles: ReadonlyArray<{ readonly id: string; readonly status: Exclude<DocumentStatus, 'accepted'> }>,
    manager: EntityManager,
  ): Promise<Array<Pick<DocumentEntity, 'id' | 'type' | 'externalRef' | 'channels' | 'dispatch' | 'status'>>> {
    if (!settles.length) return [];
    const [rows] = (await manager.query(
      `UPDATE documents d SET status = s.status, updated_at = now()
         FROM unnest($1::uuid[], $2::text[]) AS s(id, status)
        WHERE d.id = s.id AND d.status = 'accepted'
        RETURNING d.id, d.type, d.external_ref, d.channels, d.dispatch, d.status`,
      [settles.map((settle) => settle.id), settles.map((settle) => settle.status)],
    )) as [Array<{ id: string; type: string; external_ref: string | null; channels: DocumentEntity['channels']; dispatch: boolean; status: DocumentStatus }>, number];
    return rows.map((row) => ({ id: row.id, type: row.type, externalRef: row.external_ref, channels: row.channels, dispatch: row.dispatch, status: row.status }));
  }

  /**
   * Holds many documents' rows until `manager`'s transaction ends, taken in id
   * order so two transactions locking overlapping sets never deadlock.
   */
  async lockMany(ids: readonly string[], manager: EntityManager): Promise<void> {
    if (!ids.length) return;
    await manager.query('SELECT 1 FROM documents WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [ids]);
  }

  /**
   * Holds the document's row until `manager`'s transaction ends: what is
   * serialised per document (its ledger) waits only for that document.
   */
  async lock(id: string, manager: EntityManager): Promise<void> {
    await manager.query('SELECT 1 FROM documents WHERE id = $1 FOR UPDATE', [id]);
  }
}

interface DocumentRow {
  id: string;
  type: string;
  template_key: string;
  template_version: number;
  content_hash: string;
  locale: string;
  external_ref: string | null;
  recipient: DocumentEntity['recipient'];
  data: Record<string, unknown>;
  channels: DocumentEntity['channels'];
  dispatch: boolean;
  status: DocumentStatus;
  batch_id: string | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

function documentOfRow(row: DocumentRow): DocumentEntity {
  return Object.assign(new DocumentEntity(), { ...headOfRow(row), data: row.data });
}

function headOfRow(row: Omit<DocumentRow, 'data'>): Omit<DocumentEntity, 'data'> {
  return {
    id: row.id,
    type: row.type,
    templateKey: row.template_key,
    templateVersion: row.template_version,
    contentHash: row.content_hash,
    locale: row.locale,
    externalRef: row.external_ref,
    recipient: row.recipient,
    channels: row.channels,
    dispatch: row.dispatch,
    status: row.status,
    batchId: row.batch_id,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
