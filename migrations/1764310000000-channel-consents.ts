import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A customer's consent per channel (STOP and START replies, API changes), one
 * row per channel and subject — a customer id, or an address whose customer is
 * not known. Dispatch reads it before each send; every change is audited.
 */
export class ChannelConsents1764310000000 implements MigrationInterface {
  name = 'ChannelConsents1764310000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE channel_consents (
        channel text NOT NULL CHECK (channel IN ('email', 'sms', 'whatsapp')),
        subject_kind text NOT NULL CHECK (subject_kind IN ('customer', 'address')),
        subject text NOT NULL CHECK (length(subject) > 0),
        opted_out boolean NOT NULL,
        keyword text NOT NULL,
        source text NOT NULL,
        changed_at timestamptz NOT NULL,
        PRIMARY KEY (channel, subject_kind, subject)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE channel_consents`);
  }
}
