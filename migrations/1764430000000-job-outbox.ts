import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Jobs sent inside a transaction while the queue lives outside PostgreSQL
 * (`CCM_QUEUE=redis`): the row commits or vanishes with the caller's
 * transaction, and a relay moves committed rows to the queue and deletes them.
 * The row's id becomes the queued job's id, so a row relayed twice (the relay
 * died between adding the job and deleting the row) is still one job.
 */
export class JobOutbox1764430000000 implements MigrationInterface {
  name = 'JobOutbox1764430000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE job_outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        queue text NOT NULL,
        payload jsonb NOT NULL,
        retry_limit integer NOT NULL CHECK (retry_limit >= 0),
        retry_delay_seconds integer NOT NULL CHECK (retry_delay_seconds >= 0),
        singleton_key text,
        start_after timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The relay takes the oldest rows first.
    await db.query(`CREATE INDEX job_outbox_created_at ON job_outbox (created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE job_outbox`);
  }
}
