import type { DataSource } from 'typeorm';
import { BlobEncoding, decodeFromStorage, encodeForStorage } from './blob-encoding';
import { assertBlobKey, blobSha256 } from './blob-key';
import { BlobStore, StoredBlob } from './blob-store';

const UPSERT = `ON CONFLICT (key) DO UPDATE
  SET sha256 = excluded.sha256, size = excluded.size, encoding = excluded.encoding, bytes = excluded.bytes, created_at = now()`;

/**
 * Blobs in the platform's own PostgreSQL, table `blobs`: one row per key.
 * Compressible bytes (rendered HTML) are held deflated, see `encodeForStorage`;
 * the table checks hash and size against the bytes of rows held as given, and
 * a read checks a deflated row. Simple to run and to back up with everything
 * else; choose the filesystem driver when the bytes should not grow the
 * primary database.
 */
export class PostgresBlobStore extends BlobStore {
  constructor(private readonly db: DataSource) {
    super();
  }

  async put(key: string, bytes: Buffer): Promise<StoredBlob> {
    return (await this.putMany([{ key, bytes }]))[0];
  }

  /** One multi-row statement for all of them. */
  override async putMany(blobs: ReadonlyArray<{ readonly key: string; readonly bytes: Buffer }>): Promise<StoredBlob[]> {
    if (!blobs.length) return [];
    for (const { key } of blobs) assertBlobKey(key);
    if (new Set(blobs.map((blob) => blob.key)).size !== blobs.length) throw new Error('putMany was given one key twice');
    const encoded = await Promise.all(blobs.map(({ bytes }) => encodeForStorage(bytes)));
    const values: unknown[] = [];
    const stored = blobs.map(({ key, bytes }, index) => {
      const blob = { key, sha256: blobSha256(bytes), size: bytes.length };
      values.push(blob.key, blob.sha256, blob.size, encoded[index].encoding, encoded[index].stored);
      return blob;
    });
    const rows = stored.map((_, index) => `(${[1, 2, 3, 4, 5].map((column) => `$${index * 5 + column}`).join(', ')})`);
    await this.db.query(`INSERT INTO blobs (key, sha256, size, encoding, bytes) VALUES ${rows.join(', ')} ${UPSERT}`, values);
    return stored;
  }

  async get(key: string): Promise<Buffer | null> {
    return (await this.getMany([key]))[0];
  }

  /** One statement for all of them. */
  override async getMany(keys: readonly string[]): Promise<Array<Buffer | null>> {
    if (!keys.length) return [];
    for (const key of keys) assertBlobKey(key);
    const rows = (await this.db.query('SELECT key, encoding, size, bytes FROM blobs WHERE key = ANY($1::text[])', [[...new Set(keys)]])) as Array<{
      key: string;
      encoding: BlobEncoding;
      size: number;
      bytes: Buffer;
    }>;
    const byKey = new Map(rows.map((row) => [row.key, row]));
    return Promise.all(
      keys.map((key) => {
        const row = byKey.get(key);
        return row ? decodeFromStorage(key, row.encoding, row.bytes, row.size) : null;
      }),
    );
  }

  async delete(key: string): Promise<void> {
    assertBlobKey(key);
    await this.db.query('DELETE FROM blobs WHERE key = $1', [key]);
  }
}
