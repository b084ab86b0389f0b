import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { RenditionBlobsAndDocumentLedger1764210000000 } from '../migrations/1764210000000-rendition-blobs-and-document-ledger';
import { createTestDatabase } from './support/test-database';

describe('moving rendition bytes into the blob table (real PostgreSQL)', () => {
  let db: DataSource;
  const migration = new RenditionBlobsAndDocumentLedger1764210000000();

  beforeAll(async () => {
    db = new DataSource({ type: 'postgres', url: await createTestDatabase() });
    await db.initialize();
  });
  afterAll(() => db.destroy());

  it('keeps the bytes of renditions rendered before it, under the key the platform reads, and gives them back on the way down', async () => {
    const runner = db.createQueryRunner();
    try {
      await migration.down(runner);
      const id = randomUUID();
      const pdf = Buffer.from('%PDF-1.7 rendered before the blob store');
      await runner.query(
        `INSERT INTO documents (id, type, template_key, template_version, content_hash, locale, recipient, data, channels, dispatch, status)
         VALUES ($1, 'invoice', 'invoice', 1, $2, 'en-US', '{}', '{}', '{pdf,sms}', false, 'rendered')`,
        [id, 'c'.repeat(64)],
      );
      await runner.query(
        `INSERT INTO renditions (document_id, channel, status, content_type, body, sha256) VALUES ($1, 'pdf', 'ready', 'application/pdf', $2, $3), ($1, 'sms', 'pending', NULL, NULL, NULL)`,
        [id, pdf, createHash('sha256').update(pdf).digest('hex')],
      );

      await migration.up(runner);
      const renditions = await runner.query(`SELECT channel, blob_key FROM renditions WHERE document_id = $1 ORDER BY channel`, [id]);
      expect(renditions).toEqual([
        { channel: 'pdf', blob_key: `renditions/${id}/pdf` },
        { channel: 'sms', blob_key: null },
      ]);
      const [blob] = await runner.query(`SELECT bytes, sha256, size FROM blobs WHERE key = $1`, [`renditions/${id}/pdf`]);
      expect(Buffer.from(blob.bytes).equals(pdf)).toBe(true);
      expect(blob).toMatchObject({ sha256: createHash('sha256').update(pdf).digest('hex'), size: pdf.length });

      await migration.down(runner);
      const [back] = await runner.query(`SELECT body FROM renditions WHERE document_id = $1 AND channel = 'pdf'`, [id]);
      expect(Buffer.from(back.body).equals(pdf)).toBe(true);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
  });
});
