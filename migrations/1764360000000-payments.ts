import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Paying invoices. `checkout_sessions` is each press of a pay button: what was
 * asked of which provider, for exactly how much, and whether it completed.
 * `payments` is money received for a document — from a provider's verified
 * webhook or from the billing system — with the columns analytics reads kept
 * as they are. A provider's retried or reordered webhook is the same
 * `(source, provider_reference)`, and a document is paid at most once; both
 * are constraints, so no race can record a payment twice. Payments are
 * append-only.
 */
export class Payments1764360000000 implements MigrationInterface {
  name = 'Payments1764360000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE checkout_sessions (
        id uuid PRIMARY KEY,
        document_id uuid NOT NULL REFERENCES documents(id),
        link_id uuid NOT NULL REFERENCES action_links(id),
        provider text NOT NULL CHECK (provider IN ('stripe', 'hosted', 'test-checkout')),
        provider_session_id text NOT NULL,
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        currency text NOT NULL,
        redirect_url text NOT NULL,
        status text NOT NULL CHECK (status IN ('created', 'completed', 'expired')),
        idempotency_key text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        UNIQUE (provider, provider_session_id)
      )`);
    await db.query(`CREATE INDEX checkout_sessions_document ON checkout_sessions (document_id)`);
    await db.query(`
      CREATE TABLE payments (
        id uuid PRIMARY KEY,
        document_id uuid NOT NULL REFERENCES documents(id),
        source text NOT NULL CHECK (source IN ('stripe', 'hosted', 'test-checkout', 'billing-system')),
        provider_reference text NOT NULL CHECK (length(provider_reference) BETWEEN 1 AND 255),
        amount text NOT NULL CHECK (amount ~ '^[0-9]+(\\.[0-9]+)?$'),
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        paid_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (source, provider_reference),
        UNIQUE (document_id)
      )`);
    await db.query(`
      CREATE FUNCTION payments_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'payments is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'integrity_constraint_violation';
      END $$`);
    await db.query(`CREATE TRIGGER payments_append_only BEFORE UPDATE OR DELETE ON payments FOR EACH ROW EXECUTE FUNCTION payments_append_only()`);
    await db.query(`CREATE TRIGGER payments_no_truncate BEFORE TRUNCATE ON payments FOR EACH STATEMENT EXECUTE FUNCTION payments_append_only()`);
    const [{ exists }] = (await db.query(`SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ccm_runtime') AS exists`)) as Array<{ exists: boolean }>;
    if (exists) await db.query(`REVOKE UPDATE, DELETE, TRUNCATE ON payments FROM ccm_runtime`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE payments`);
    await db.query(`DROP FUNCTION payments_append_only()`);
    await db.query(`DROP TABLE checkout_sessions`);
  }
}
