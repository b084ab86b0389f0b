import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Blobs may be held deflated (`encoding = 'deflate'`): the store compresses
 * rendered HTML itself rather than leave it to PostgreSQL's pglz, which cost
 * most of a billing run's database time. `size` and `sha256` still describe
 * the bytes the blob was given; the table can check them against the column
 * only for rows held as given, so the two checks now cover those rows, and a
 * deflated row is checked on every read (zlib's checksum, then the size).
 */
export class DeflatedBlobs1764440000000 implements MigrationInterface {
  name = 'DeflatedBlobs1764440000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE blobs ADD COLUMN encoding text NOT NULL DEFAULT 'identity' CHECK (encoding IN ('identity', 'deflate'))`);
    for (const name of await bytesChecks(db)) await db.query(`ALTER TABLE blobs DROP CONSTRAINT "${name}"`);
    await db.query(`
      ALTER TABLE blobs
        ADD CONSTRAINT blobs_size_of_bytes CHECK (encoding <> 'identity' OR size = octet_length(bytes)),
        ADD CONSTRAINT blobs_sha256_of_bytes CHECK (encoding <> 'identity' OR sha256 = encode(sha256(bytes), 'hex')),
        ADD CONSTRAINT blobs_size_not_negative CHECK (size >= 0)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE blobs DROP CONSTRAINT blobs_size_of_bytes, DROP CONSTRAINT blobs_sha256_of_bytes, DROP CONSTRAINT blobs_size_not_negative`);
    // Deflated rows cannot meet the old checks: a down migration is refused while any is left.
    await db.query(`ALTER TABLE blobs ADD CHECK (size = octet_length(bytes)), ADD CHECK (sha256 = encode(sha256(bytes), 'hex'))`);
    await db.query(`ALTER TABLE blobs DROP COLUMN encoding`);
  }
}

/** The unnamed checks the first blobs migration made on `size` and `sha256` against `bytes`. */
async function bytesChecks(db: QueryRunner): Promise<string[]> {
  const rows = (await db.query(
    `SELECT conname FROM pg_constraint
      WHERE conrelid = 'blobs'::regclass AND contype = 'c'
        AND pg_get_constraintdef(oid) ~ 'octet_length\\(bytes\\)|sha256\\(bytes\\)'`,
  )) as Array<{ conname: string }>;
  return rows.map((row) => row.conname);
}
