import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface BatchRow {
  readonly id: string;
  readonly createdBy: string | null;
  readonly createdAt: Date;
  readonly lines: number;
  readonly accepted: number;
  readonly refused: number;
  readonly intakeFinishedAt: Date | null;
  readonly cancelledAt: Date | null;
  readonly completedAt: Date | null;
}

export interface BatchCounts {
  /** Documents of the batch by their own state. */
  readonly documents: { readonly accepted: number; readonly rendered: number; readonly renderFailed: number };
  /** Deliveries of the batch's documents by state. */
  readonly deliveries: Readonly<Record<string, number>>;
  /** When the last of its documents settled its rendering. */
  readonly lastRenderedAt: Date | null;
}

/** The `batches` table; a batch's progress is counted from its documents and their deliveries. */
@Injectable()
export class BatchRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async create(id: string, createdBy: string | null): Promise<void> {
    await this.db.query('INSERT INTO batches (id, created_by) VALUES ($1, $2)', [id, createdBy]);
  }

  async addLines(id: string, lines: number, accepted: number, refused: number, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.query('UPDATE batches SET lines = lines + $2, accepted = accepted + $3, refused = refused + $4 WHERE id = $1', [id, lines, accepted, refused]);
  }

  async finishIntake(id: string): Promise<void> {
    await this.db.query('UPDATE batches SET intake_finished_at = now() WHERE id = $1 AND intake_finished_at IS NULL', [id]);
  }

  /** True when this call cancelled it. */
  async cancel(id: string): Promise<boolean> {
    const [, affected] = (await this.db.query('UPDATE batches SET cancelled_at = now() WHERE id = $1 AND cancelled_at IS NULL', [id])) as [unknown, number];
    return affected > 0;
  }

  async find(id: string, manager: EntityManager = this.db.manager): Promise<BatchRow | null> {
    const [row] = (await manager.query('SELECT * FROM batches WHERE id = $1', [id])) as Array<Record<string, never>>;
    return row ? toBatch(row) : null;
  }

  async isCancelled(id: string, manager: EntityManager = this.db.manager): Promise<boolean> {
    const [row] = (await manager.query('SELECT cancelled_at IS NOT NULL AS cancelled FROM batches WHERE id = $1', [id])) as Array<{ cancelled: boolean }>;
    return row?.cancelled ?? false;
  }

  /**
   * Marks the batch completed when its intake is over and none of its documents
   * is still rendering; true only for the call that did, so its event is written once.
   */
  async completeIfDone(id: string, manager: EntityManager): Promise<boolean> {
    const rows = (await manager.query(
      `UPDATE batches SET completed_at = now()
        WHERE id = $1 AND completed_at IS NULL AND intake_finished_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM documents WHERE batch_id = $1 AND status = 'accepted')
        RETURNING id`,
      [id],
    )) as [unknown[], number] | unknown[];
    const returned = Array.isArray(rows[0]) ? (rows[0] as unknown[]) : (rows as unknown[]);
    return returned.length > 0;
  }

  async counts(id: string): Promise<BatchCounts> {
    const [documents] = (await this.db.query(
      `SELECT count(*) FILTER (WHERE status = 'accepted')::int AS accepted,
              count(*) FILTER (WHERE status = 'rendered')::int AS rendered,
              count(*) FILTER (WHERE status = 'render_failed')::int AS render_failed,
              max(updated_at) FILTER (WHERE status <> 'accepted') AS last_rendered_at
         FROM documents WHERE batch_id = $1`,
      [id],
    )) as Array<{ accepted: number; rendered: number; render_failed: number; last_rendered_at: Date | null }>;
    const deliveries = (await this.db.query(
      `SELECT d.status, count(*)::int AS count FROM deliveries d JOIN documents doc ON doc.id = d.document_id
        WHERE doc.batch_id = $1 GROUP BY d.status`,
      [id],
    )) as Array<{ status: string; count: number }>;
    return {
      documents: { accepted: documents.accepted, rendered: documents.rendered, renderFailed: documents.render_failed },
      deliveries: Object.fromEntries(deliveries.map((row) => [row.status, row.count])),
      lastRenderedAt: documents.last_rendered_at,
    };
  }
}

function toBatch(row: Record<string, never>): BatchRow {
  return {
    id: row.id,
    createdBy: row.created_by,
    createdAt: row.created_at,
    lines: row.lines,
    accepted: row.accepted,
    refused: row.refused,
    intakeFinishedAt: row.intake_finished_at,
    cancelledAt: row.cancelled_at,
    completedAt: row.completed_at,
  };
}
