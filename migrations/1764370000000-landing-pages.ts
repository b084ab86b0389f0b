import { MigrationInterface, QueryRunner } from 'typeorm';

const APPEND_ONLY = ['action_link_views', 'action_presses', 'questions'] as const;

/**
 * What people (and link scanners) do with the pay and ask links: every view of
 * a landing page, every press of its button, and the questions customers ask,
 * from the page or from WhatsApp. All three are facts that happened, kept as
 * they were recorded: append-only, also for the runtime role. A question that
 * came in a provider's message keeps its id (\`provider_message_id\`), so the
 * provider's redelivery of the same webhook opens no second question.
 */
export class LandingPages1764370000000 implements MigrationInterface {
  name = 'LandingPages1764370000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE action_link_views (
        id uuid PRIMARY KEY,
        link_id uuid NOT NULL REFERENCES action_links(id),
        document_id uuid NOT NULL REFERENCES documents(id),
        purpose text NOT NULL CHECK (purpose IN ('pay', 'ask')),
        method text NOT NULL CHECK (method IN ('GET', 'HEAD')),
        visitor text NOT NULL CHECK (visitor IN ('person', 'scanner')),
        user_agent text CHECK (length(user_agent) <= 256),
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX action_link_views_by_document ON action_link_views (document_id, at)`);
    await db.query(`
      CREATE TABLE action_presses (
        id uuid PRIMARY KEY,
        link_id uuid NOT NULL REFERENCES action_links(id),
        document_id uuid NOT NULL REFERENCES documents(id),
        purpose text NOT NULL CHECK (purpose IN ('pay', 'ask')),
        outcome text NOT NULL CHECK (outcome IN ('checkout', 'already_paid', 'question', 'failed')),
        had_cookie boolean NOT NULL,
        user_agent text CHECK (length(user_agent) <= 256),
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX action_presses_by_document ON action_presses (document_id, at)`);
    await db.query(`
      CREATE TABLE questions (
        id uuid PRIMARY KEY,
        document_id uuid NOT NULL REFERENCES documents(id),
        link_id uuid REFERENCES action_links(id),
        origin text NOT NULL CHECK (origin IN ('web', 'whatsapp')),
        topic text NOT NULL CHECK (topic IN ('amount', 'line_item', 'due_date', 'other')),
        line_ref integer CHECK (line_ref >= 0),
        message text NOT NULL CHECK (length(message) <= 1000),
        locale text NOT NULL,
        provider_message_id text UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX questions_by_document ON questions (document_id, created_at)`);
    await db.query(`
      CREATE FUNCTION landing_facts_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'integrity_constraint_violation';
      END $$`);
    const [{ exists }] = (await db.query(`SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ccm_runtime') AS exists`)) as Array<{ exists: boolean }>;
    for (const table of APPEND_ONLY) {
      await db.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION landing_facts_append_only()`);
      await db.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION landing_facts_append_only()`);
      if (exists) await db.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ${table} FROM ccm_runtime`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [...APPEND_ONLY].reverse()) await db.query(`DROP TABLE ${table}`);
    await db.query(`DROP FUNCTION landing_facts_append_only()`);
  }
}
