import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Offers inside transactional messages: a governed catalog (offers and their
 * versions, with the same database guarantees as template versions: a
 * submitted version never changes and is never deleted, and an offer only
 * points at a published version), marketing consent kept apart from channel
 * consent, the offer chosen for each document (once, so a re-render shows the
 * same one), and the append-only measurements: impressions, clicks and
 * conversions.
 */
export class Offers1764420000000 implements MigrationInterface {
  name = 'Offers1764420000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE offers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        key text NOT NULL UNIQUE CHECK (key ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' AND length(key) <= 63),
        description text NOT NULL DEFAULT '',
        published_version integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE offer_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        offer_id uuid NOT NULL REFERENCES offers(id),
        number integer NOT NULL CHECK (number > 0),
        status text NOT NULL CHECK (status IN ('draft','in_review','approved','rejected','published','retired')),
        content jsonb NOT NULL,
        content_hash text NOT NULL,
        author text NOT NULL,
        based_on integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        submitted_at timestamptz,
        approved_by text,
        approved_at timestamptz,
        reviewed_by text,
        reviewed_at timestamptz,
        review_comment text,
        published_at timestamptz,
        publish_at timestamptz,
        retired_at timestamptz,
        lint_findings jsonb NOT NULL DEFAULT '[]',
        UNIQUE (offer_id, number)
      )`);
    await db.query(`CREATE INDEX offer_versions_status ON offer_versions (status)`);
    await db.query(`
      ALTER TABLE offers ADD CONSTRAINT offers_published_version_fk
        FOREIGN KEY (id, published_version) REFERENCES offer_versions(offer_id, number)`);
    await db.query(`
      CREATE FUNCTION offer_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status <> 'draft' AND (
             NEW.content IS DISTINCT FROM OLD.content OR
             NEW.content_hash IS DISTINCT FROM OLD.content_hash OR
             NEW.author IS DISTINCT FROM OLD.author OR
             NEW.number IS DISTINCT FROM OLD.number OR
             NEW.offer_id IS DISTINCT FROM OLD.offer_id) THEN
          RAISE EXCEPTION 'offer version % is % and can no longer change', OLD.id, OLD.status
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER offer_versions_immutable BEFORE UPDATE ON offer_versions
        FOR EACH ROW EXECUTE FUNCTION offer_versions_immutable()`);
    await db.query(`
      CREATE FUNCTION offer_versions_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status <> 'draft' THEN
          RAISE EXCEPTION 'offer version % is % and cannot be deleted', OLD.id, OLD.status
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
      END $$`);
    await db.query(`
      CREATE TRIGGER offer_versions_no_delete BEFORE DELETE ON offer_versions
        FOR EACH ROW EXECUTE FUNCTION offer_versions_no_delete()`);
    await db.query(`
      CREATE FUNCTION offers_publish_published_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.published_version IS NOT NULL AND NOT EXISTS (
             SELECT 1 FROM offer_versions
              WHERE offer_id = NEW.id AND number = NEW.published_version AND status = 'published') THEN
          RAISE EXCEPTION 'version % of offer % is not published', NEW.published_version, NEW.key
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER offers_publish_published_only BEFORE INSERT OR UPDATE OF published_version ON offers
        FOR EACH ROW EXECUTE FUNCTION offers_publish_published_only()`);

    // Separate from channel consent: a customer may want invoices by email and no offers in them.
    await db.query(`
      CREATE TABLE marketing_consents (
        customer_id text PRIMARY KEY CHECK (length(customer_id) > 0),
        consented boolean NOT NULL,
        source text NOT NULL,
        changed_at timestamptz NOT NULL,
        changed_by text NOT NULL
      )`);

    // One row per document, written at its first render: a re-render shows the same offer (or none).
    await db.query(`
      CREATE TABLE offer_choices (
        document_id uuid PRIMARY KEY REFERENCES documents(id),
        customer_id text NOT NULL,
        offer_key text,
        offer_version integer,
        arm text,
        slot text,
        reasons jsonb NOT NULL DEFAULT '[]',
        chosen_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE offer_impressions (
        id bigserial PRIMARY KEY,
        document_id uuid NOT NULL REFERENCES documents(id),
        customer_id text NOT NULL,
        offer_key text NOT NULL,
        offer_version integer NOT NULL,
        arm text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('email', 'pdf')),
        at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (document_id, channel)
      )`);
    await db.query(`CREATE INDEX offer_impressions_cap ON offer_impressions (customer_id, offer_key, at)`);
    await db.query(`
      CREATE TABLE offer_clicks (
        id bigserial PRIMARY KEY,
        document_id uuid NOT NULL REFERENCES documents(id),
        customer_id text NOT NULL,
        offer_key text NOT NULL,
        offer_version integer NOT NULL,
        arm text NOT NULL,
        channel text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('click', 'scanner')),
        user_agent text,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX offer_clicks_offer ON offer_clicks (offer_key, offer_version, arm)`);
    await db.query(`
      CREATE TABLE offer_conversions (
        id bigserial PRIMARY KEY,
        offer_key text NOT NULL,
        customer_id text NOT NULL,
        document_id uuid,
        at timestamptz NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX offer_conversions_offer ON offer_conversions (offer_key, customer_id)`);

    const [{ exists }] = (await db.query(`SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ccm_runtime') AS exists`)) as Array<{ exists: boolean }>;
    // What was shown, clicked and bought is evidence: the runtime may add to it, never rewrite it.
    if (exists) await db.query(`REVOKE UPDATE, DELETE, TRUNCATE ON offer_choices, offer_impressions, offer_clicks, offer_conversions FROM ccm_runtime`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE offer_conversions`);
    await db.query(`DROP TABLE offer_clicks`);
    await db.query(`DROP TABLE offer_impressions`);
    await db.query(`DROP TABLE offer_choices`);
    await db.query(`DROP TABLE marketing_consents`);
    await db.query(`DROP TRIGGER offers_publish_published_only ON offers`);
    await db.query(`DROP FUNCTION offers_publish_published_only()`);
    await db.query(`ALTER TABLE offers DROP CONSTRAINT offers_published_version_fk`);
    await db.query(`DROP TABLE offer_versions`);
    await db.query(`DROP FUNCTION offer_versions_no_delete()`);
    await db.query(`DROP FUNCTION offer_versions_immutable()`);
    await db.query(`DROP TABLE offers`);
  }
}
