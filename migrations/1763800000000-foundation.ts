import { MigrationInterface, QueryRunner } from 'typeorm';

/** API keys, templates and their versions, documents with renditions, idempotency keys. */
export class Foundation1763800000000 implements MigrationInterface {
  name = 'Foundation1763800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        prefix text NOT NULL,
        key_hash text NOT NULL UNIQUE,
        roles text[] NOT NULL CHECK (cardinality(roles) > 0),
        created_by uuid REFERENCES api_keys(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);

    await db.query(`
      CREATE TABLE templates (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        key text NOT NULL UNIQUE CHECK (key ~ '^[a-z][a-z0-9-]{1,62}$'),
        kind text NOT NULL,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        published_version integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await db.query(`
      CREATE TABLE template_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        template_id uuid NOT NULL REFERENCES templates(id),
        number integer NOT NULL CHECK (number > 0),
        status text NOT NULL CHECK (status IN ('draft','in_review','approved','rejected','published','retired')),
        content jsonb NOT NULL,
        content_hash text NOT NULL,
        author text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        submitted_at timestamptz,
        approved_by text,
        approved_at timestamptz,
        published_at timestamptz,
        retired_at timestamptz,
        UNIQUE (template_id, number)
      )`);
    await db.query(`
      ALTER TABLE templates ADD CONSTRAINT templates_published_version_fk
        FOREIGN KEY (id, published_version) REFERENCES template_versions(template_id, number)`);

    await db.query(`
      CREATE TABLE documents (
        id uuid PRIMARY KEY,
        type text NOT NULL,
        template_key text NOT NULL,
        template_version integer NOT NULL,
        content_hash text NOT NULL,
        locale text NOT NULL,
        external_ref text,
        recipient jsonb NOT NULL,
        data jsonb NOT NULL,
        channels text[] NOT NULL,
        dispatch boolean NOT NULL,
        status text NOT NULL,
        created_by uuid REFERENCES api_keys(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX documents_type_external_ref ON documents (type, external_ref) WHERE external_ref IS NOT NULL`);
    await db.query(`CREATE INDEX documents_created_at ON documents (created_at)`);

    await db.query(`
      CREATE TABLE renditions (
        document_id uuid NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        channel text NOT NULL CHECK (channel IN ('email','pdf','sms','whatsapp')),
        status text NOT NULL CHECK (status IN ('pending','ready','failed')),
        content_type text,
        body bytea,
        -- the email text/plain alternative; other channels have a single body
        alt_body text,
        sha256 text,
        metadata jsonb NOT NULL DEFAULT '{}',
        error jsonb,
        attempts integer NOT NULL DEFAULT 0,
        rendered_at timestamptz,
        PRIMARY KEY (document_id, channel)
      )`);

    await db.query(`
      CREATE TABLE idempotency_keys (
        api_key_id uuid NOT NULL REFERENCES api_keys(id),
        key text NOT NULL,
        request_hash text NOT NULL,
        state text NOT NULL CHECK (state IN ('in_flight','completed')),
        response_status integer,
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (api_key_id, key)
      )`);
    await db.query(`CREATE INDEX idempotency_keys_expires_at ON idempotency_keys (expires_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['idempotency_keys', 'renditions', 'documents']) await db.query(`DROP TABLE ${table}`);
    await db.query(`ALTER TABLE templates DROP CONSTRAINT templates_published_version_fk`);
    for (const table of ['template_versions', 'templates', 'api_keys']) await db.query(`DROP TABLE ${table}`);
  }
}
