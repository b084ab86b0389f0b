import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dispatch on every channel. A document's `dispatch_plans` row fixes, once, the
 * order of channels its deliveries may use and the routing policy of its kind,
 * so a fallback decided later (even from a provider's asynchronous report)
 * follows the plan made at dispatch. Each delivery says why it exists
 * (`reason`) or why it was not made (`skip_reason`), and counts the resends a
 * crash mid-send caused. Each attempt records when the next may start (a
 * provider's Retry-After included) and whether it was such a resend.
 * `outbox_messages` keeps SMS and WhatsApp messages too: channel, content type
 * and recipient, with the email-only envelope columns now optional.
 */
export class MultiChannelDispatch1764320000000 implements MigrationInterface {
  name = 'MultiChannelDispatch1764320000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE dispatch_plans (
        document_id uuid PRIMARY KEY REFERENCES documents(id),
        policy text NOT NULL CHECK (policy IN ('first-available', 'every-channel')),
        channels text[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`ALTER TABLE deliveries ADD COLUMN reason text NOT NULL DEFAULT 'primary'`);
    await db.query(`ALTER TABLE deliveries ADD COLUMN skip_reason text`);
    await db.query(`ALTER TABLE deliveries ADD COLUMN resends integer NOT NULL DEFAULT 0 CHECK (resends >= 0)`);
    await db.query(`CREATE INDEX deliveries_created_at ON deliveries (created_at DESC, id DESC)`);
    await db.query(`CREATE INDEX deliveries_status_created_at ON deliveries (status, created_at DESC)`);

    await db.query(`ALTER TABLE delivery_attempts ADD COLUMN next_attempt_at timestamptz`);
    await db.query(`ALTER TABLE delivery_attempts ADD COLUMN resend boolean NOT NULL DEFAULT false`);

    await db.query(`ALTER TABLE outbox_messages ADD COLUMN channel text NOT NULL DEFAULT 'email'`);
    await db.query(`ALTER TABLE outbox_messages ADD COLUMN content_type text NOT NULL DEFAULT 'message/rfc822'`);
    await db.query(`ALTER TABLE outbox_messages ADD COLUMN recipient text`);
    await db.query(`ALTER TABLE outbox_messages ADD COLUMN summary text`);
    await db.query(`UPDATE outbox_messages SET recipient = envelope_to[1], summary = subject`);
    await db.query(`ALTER TABLE outbox_messages ALTER COLUMN message_id DROP NOT NULL`);
    await db.query(`ALTER TABLE outbox_messages ALTER COLUMN envelope_from DROP NOT NULL`);
    await db.query(`ALTER TABLE outbox_messages ALTER COLUMN envelope_to DROP NOT NULL`);
    await db.query(`CREATE INDEX outbox_messages_channel_created_at ON outbox_messages (channel, created_at DESC, id)`);

    const [{ exists }] = (await db.query(`SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ccm_runtime') AS exists`)) as Array<{ exists: boolean }>;
    // A plan is decided once; the runtime may insert and read it only.
    if (exists) await db.query(`REVOKE UPDATE, DELETE, TRUNCATE ON dispatch_plans FROM ccm_runtime`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX outbox_messages_channel_created_at`);
    await db.query(`DELETE FROM outbox_messages WHERE channel <> 'email'`);
    await db.query(`ALTER TABLE outbox_messages ALTER COLUMN envelope_to SET NOT NULL`);
    await db.query(`ALTER TABLE outbox_messages ALTER COLUMN envelope_from SET NOT NULL`);
    await db.query(`ALTER TABLE outbox_messages ALTER COLUMN message_id SET NOT NULL`);
    await db.query(`ALTER TABLE outbox_messages DROP COLUMN summary, DROP COLUMN recipient, DROP COLUMN content_type, DROP COLUMN channel`);
    await db.query(`ALTER TABLE delivery_attempts DROP COLUMN resend, DROP COLUMN next_attempt_at`);
    await db.query(`DROP INDEX deliveries_status_created_at`);
    await db.query(`DROP INDEX deliveries_created_at`);
    await db.query(`ALTER TABLE deliveries DROP COLUMN resends, DROP COLUMN skip_reason, DROP COLUMN reason`);
    await db.query(`DROP TABLE dispatch_plans`);
  }
}
