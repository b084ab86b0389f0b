import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Batches: many documents sent in one NDJSON request. A document accepted
 * through a batch names it (`documents.batch_id`), so a batch's progress is
 * counted from its documents and deliveries, never kept twice.
 */
export class Batches1764390000000 implements MigrationInterface {
  name = 'Batches1764390000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE batches (
        id uuid PRIMARY KEY,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        lines integer NOT NULL DEFAULT 0 CHECK (lines >= 0),
        accepted integer NOT NULL DEFAULT 0 CHECK (accepted >= 0),
        refused integer NOT NULL DEFAULT 0 CHECK (refused >= 0),
        intake_finished_at timestamptz,
        cancelled_at timestamptz,
        completed_at timestamptz
      )`);
    await db.query(`ALTER TABLE documents ADD COLUMN batch_id uuid REFERENCES batches(id)`);
    await db.query(`CREATE INDEX documents_batch ON documents (batch_id, status) WHERE batch_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX documents_batch`);
    await db.query(`ALTER TABLE documents DROP COLUMN batch_id`);
    await db.query(`DROP TABLE batches`);
  }
}
