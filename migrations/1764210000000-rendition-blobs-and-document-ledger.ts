import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rendition bytes leave the `renditions` row for the blob store's own table
 * (the PostgreSQL driver of `BlobStore`); existing bytes move there under the
 * keys the platform uses, `renditions/<document id>/<channel>`.
 *
 * Documents get a ledger of their own: per document, a hash chain of what
 * happened to it (accepted with the request's hash, each rendition's bytes
 * hash, later its deliveries). Appending locks only that document, so intake
 * no longer queues behind one lock shared by every API process. Like the audit
 * log, the ledger is append-only.
 */
export class RenditionBlobsAndDocumentLedger1764210000000 implements MigrationInterface {
  name = 'RenditionBlobsAndDocumentLedger1764210000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE blobs (
        key text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 1100),
        sha256 text NOT NULL,
        size integer NOT NULL,
        bytes bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (size = octet_length(bytes)),
        CHECK (sha256 = encode(sha256(bytes), 'hex'))
      )`);
    await db.query(`ALTER TABLE renditions ADD COLUMN blob_key text`);
    await db.query(`
      INSERT INTO blobs (key, sha256, size, bytes)
        SELECT 'renditions/' || document_id || '/' || channel, encode(sha256(body), 'hex'), octet_length(body), body
          FROM renditions WHERE body IS NOT NULL`);
    await db.query(`UPDATE renditions SET blob_key = 'renditions/' || document_id || '/' || channel WHERE body IS NOT NULL`);
    await db.query(`ALTER TABLE renditions DROP COLUMN body`);

    await db.query(`
      CREATE TABLE document_ledger (
        document_id uuid NOT NULL REFERENCES documents(id),
        seq integer NOT NULL CHECK (seq > 0),
        occurred_at timestamptz NOT NULL,
        event text NOT NULL,
        details jsonb NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        PRIMARY KEY (document_id, seq)
      )`);
    await db.query(`
      CREATE FUNCTION document_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'document_ledger is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'integrity_constraint_violation';
      END $$`);
    await db.query(`
      CREATE TRIGGER document_ledger_append_only BEFORE UPDATE OR DELETE ON document_ledger
        FOR EACH ROW EXECUTE FUNCTION document_ledger_append_only()`);
    await db.query(`
      CREATE TRIGGER document_ledger_no_truncate BEFORE TRUNCATE ON document_ledger
        FOR EACH STATEMENT EXECUTE FUNCTION document_ledger_append_only()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE document_ledger`);
    await db.query(`DROP FUNCTION document_ledger_append_only()`);
    await db.query(`ALTER TABLE renditions ADD COLUMN body bytea`);
    await db.query(`UPDATE renditions r SET body = b.bytes FROM blobs b WHERE b.key = r.blob_key`);
    await db.query(`ALTER TABLE renditions DROP COLUMN blob_key`);
    await db.query(`DROP TABLE blobs`);
  }
}
