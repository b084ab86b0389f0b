import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Providers report what happened after they accepted a message: a delivery
 * can now be `delivered` and `read` (with when), and every status callback is
 * appended to `delivery_events` as received — also those for message ids no
 * delivery has, kept with a null delivery. The unique key makes a repeated
 * callback a no-op; NULLS NOT DISTINCT so that holds for unknown ids too,
 * while a callback that arrives again once its delivery is known still counts.
 */
export class DeliveryStatuses1764330000000 implements MigrationInterface {
  name = 'DeliveryStatuses1764330000000';

  async up(db: QueryRunner): Promise<void> {
    // Whatever statuses the check allows by now (other migrations may have added some) stay allowed.
    const checks = (await db.query(`
      SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint
       WHERE conrelid = 'deliveries'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%status%'`)) as Array<{ name: string; definition: string }>;
    const allowed = new Set(['queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'skipped']);
    for (const check of checks) {
      for (const [, status] of check.definition.matchAll(/'([a-z_]+)'/g)) allowed.add(status);
      await db.query(`ALTER TABLE deliveries DROP CONSTRAINT "${check.name}"`);
    }
    const list = [...allowed].map((status) => `'${status}'`).join(', ');
    await db.query(`
      ALTER TABLE deliveries
        ADD CONSTRAINT deliveries_status_check CHECK (status IN (${list})),
        ADD COLUMN delivered_at timestamptz,
        ADD COLUMN read_at timestamptz`);
    await db.query(`CREATE INDEX IF NOT EXISTS deliveries_by_provider_message_id ON deliveries (provider_message_id) WHERE provider_message_id IS NOT NULL`);
    await db.query(`CREATE INDEX IF NOT EXISTS deliveries_by_recipient ON deliveries (recipient)`);
    await db.query(`
      CREATE TABLE delivery_events (
        id bigserial PRIMARY KEY,
        provider text NOT NULL,
        provider_message_id text NOT NULL CHECK (length(provider_message_id) > 0),
        delivery_id uuid REFERENCES deliveries(id),
        status text NOT NULL,
        error_code text,
        occurred_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        payload jsonb NOT NULL,
        CONSTRAINT delivery_events_once UNIQUE NULLS NOT DISTINCT (provider, provider_message_id, status, delivery_id)
      )`);
    await db.query(`CREATE INDEX delivery_events_by_delivery ON delivery_events (delivery_id, occurred_at) WHERE delivery_id IS NOT NULL`);
    await db.query(`
      CREATE FUNCTION delivery_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'delivery_events is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'integrity_constraint_violation';
      END $$`);
    await db.query(`
      CREATE TRIGGER delivery_events_append_only BEFORE UPDATE OR DELETE ON delivery_events
        FOR EACH ROW EXECUTE FUNCTION delivery_events_append_only()`);
    await db.query(`
      CREATE TRIGGER delivery_events_no_truncate BEFORE TRUNCATE ON delivery_events
        FOR EACH STATEMENT EXECUTE FUNCTION delivery_events_append_only()`);
    const [{ exists }] = (await db.query(`SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ccm_runtime') AS exists`)) as Array<{ exists: boolean }>;
    if (exists) await db.query(`REVOKE UPDATE, DELETE, TRUNCATE ON delivery_events FROM ccm_runtime`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE delivery_events`);
    await db.query(`DROP FUNCTION delivery_events_append_only()`);
    await db.query(`DROP INDEX IF EXISTS deliveries_by_recipient`);
    await db.query(`DROP INDEX IF EXISTS deliveries_by_provider_message_id`);
    await db.query(`UPDATE deliveries SET status = 'sent' WHERE status IN ('delivered', 'read')`);
    await db.query(`
      ALTER TABLE deliveries
        DROP COLUMN read_at,
        DROP COLUMN delivered_at,
        DROP CONSTRAINT deliveries_status_check,
        ADD CONSTRAINT deliveries_status_check CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'skipped'))`);
  }
}
