import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deliveries: one row per document and recipient channel, moved through
 * queued → sending → sent | failed (or skipped), with the provider's id of
 * what it accepted. Every try of a delivery is appended to `delivery_attempts`,
 * which, like the ledger, the runtime may only append to. `outbox_messages`
 * lists what the embedded outbox transport kept (bytes in the blob store), so
 * an operator can read exactly what a customer would have received.
 */
export class Deliveries1764300000000 implements MigrationInterface {
  name = 'Deliveries1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE deliveries (
        id uuid PRIMARY KEY,
        document_id uuid NOT NULL REFERENCES documents(id),
        channel text NOT NULL,
        status text NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'skipped')),
        recipient text NOT NULL,
        provider text,
        provider_message_id text,
        message_id text NOT NULL,
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        UNIQUE (document_id, channel)
      )`);
    await db.query(`
      CREATE TABLE delivery_attempts (
        delivery_id uuid NOT NULL REFERENCES deliveries(id),
        attempt integer NOT NULL CHECK (attempt > 0),
        started_at timestamptz NOT NULL,
        finished_at timestamptz NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('sent', 'retry', 'failed')),
        provider text NOT NULL,
        provider_message_id text,
        error text,
        PRIMARY KEY (delivery_id, attempt)
      )`);
    await db.query(`
      CREATE FUNCTION delivery_attempts_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'delivery_attempts is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'integrity_constraint_violation';
      END $$`);
    await db.query(`
      CREATE TRIGGER delivery_attempts_append_only BEFORE UPDATE OR DELETE ON delivery_attempts
        FOR EACH ROW EXECUTE FUNCTION delivery_attempts_append_only()`);
    await db.query(`
      CREATE TRIGGER delivery_attempts_no_truncate BEFORE TRUNCATE ON delivery_attempts
        FOR EACH STATEMENT EXECUTE FUNCTION delivery_attempts_append_only()`);
    await db.query(`
      CREATE TABLE outbox_messages (
        id uuid PRIMARY KEY,
        message_id text NOT NULL,
        envelope_from text NOT NULL,
        envelope_to text[] NOT NULL,
        subject text,
        blob_key text NOT NULL,
        size integer NOT NULL,
        sha256 text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX outbox_messages_created_at ON outbox_messages (created_at DESC, id)`);
    const [{ exists }] = (await db.query(`SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ccm_runtime') AS exists`)) as Array<{ exists: boolean }>;
    if (exists) await db.query(`REVOKE UPDATE, DELETE, TRUNCATE ON delivery_attempts FROM ccm_runtime`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE outbox_messages`);
    await db.query(`DROP TABLE delivery_attempts`);
    await db.query(`DROP FUNCTION delivery_attempts_append_only()`);
    await db.query(`DROP TABLE deliveries`);
  }
}
