import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Events for billing systems. `events` keeps what happened (append-only);
 * `webhook_subscriptions` says who wants which types, with their signing
 * secrets encrypted; `webhook_deliveries` is one event to one subscription,
 * its `id` the `webhook-id` every try carries; `webhook_attempts` records each
 * try (append-only, like `delivery_attempts`).
 */
export class WebhookEvents1764340000000 implements MigrationInterface {
  name = 'WebhookEvents1764340000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE events (
        id text PRIMARY KEY,
        type text NOT NULL,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        document_id uuid,
        data jsonb NOT NULL
      )`);
    await db.query(`CREATE INDEX events_document ON events (document_id) WHERE document_id IS NOT NULL`);
    await db.query(`
      CREATE TABLE webhook_subscriptions (
        id uuid PRIMARY KEY,
        url text NOT NULL,
        event_types text[] NOT NULL,
        description text,
        secret_sealed text NOT NULL,
        previous_secret_sealed text,
        previous_secret_expires_at timestamptz,
        enabled boolean NOT NULL DEFAULT true,
        disabled_reason text,
        disabled_at timestamptz,
        consecutive_failed_events integer NOT NULL DEFAULT 0,
        failing_since timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz
      )`);
    await db.query(`
      CREATE TABLE webhook_deliveries (
        id text PRIMARY KEY,
        event_id text NOT NULL REFERENCES events(id),
        subscription_id uuid NOT NULL REFERENCES webhook_subscriptions(id),
        event_type text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        generation integer NOT NULL DEFAULT 1,
        final_try boolean NOT NULL DEFAULT false,
        next_attempt_at timestamptz,
        last_status_code integer,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz
      )`);
    await db.query(`CREATE INDEX webhook_deliveries_subscription ON webhook_deliveries (subscription_id, created_at DESC)`);
    await db.query(`CREATE INDEX webhook_deliveries_created ON webhook_deliveries (created_at DESC, id)`);
    await db.query(`
      CREATE TABLE webhook_attempts (
        delivery_id text NOT NULL REFERENCES webhook_deliveries(id),
        attempt integer NOT NULL CHECK (attempt > 0),
        started_at timestamptz NOT NULL,
        duration_ms integer NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('delivered', 'retry', 'failed')),
        status_code integer,
        error text,
        response_body text,
        PRIMARY KEY (delivery_id, attempt)
      )`);
    await db.query(`
      CREATE FUNCTION webhook_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'integrity_constraint_violation';
      END $$`);
    for (const table of ['events', 'webhook_attempts']) {
      await db.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION webhook_append_only()`);
      await db.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION webhook_append_only()`);
    }
    const [{ exists }] = (await db.query(`SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ccm_runtime') AS exists`)) as Array<{ exists: boolean }>;
    if (exists) await db.query(`REVOKE UPDATE, DELETE, TRUNCATE ON events, webhook_attempts FROM ccm_runtime`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE webhook_attempts`);
    await db.query(`DROP TABLE webhook_deliveries`);
    await db.query(`DROP TABLE webhook_subscriptions`);
    await db.query(`DROP TABLE events`);
    await db.query(`DROP FUNCTION webhook_append_only()`);
  }
}
