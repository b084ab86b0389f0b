import type { DataSource } from 'typeorm';
import { assertBlobKey, blobSha256 } from './blob-key';
import { BlobStore, StoredBlob } from './blob-store';

/**
 * Blobs in the platform's own PostgreSQL, table `blobs`: one row per key, the
 * hash and size checked against the bytes by the table itself. Simple to run
 * and to back up with everything else; choose the filesystem driver when the
 * bytes should not grow the primary database.
 */
export class PostgresBlobStore extends BlobStore {
  constructor(private readonly db: DataSource) {
    super();
  }

  async put(key: string, bytes: Buffer): Promise<StoredBlob> {
    assertBlobKey(key);
    const blob = { key, sha256: blobSha256(bytes), size: bytes.length };
    await this.db.query(
      `INSERT INTO blobs (key, sha256, size, bytes) VALUES ($1, $2, $3, $4)
       ON CONFLICT (key) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size, bytes = excluded.bytes, created_at = now()`,
      [blob.key, blob.sha256, blob.size, bytes],
    );
    return blob;
  }

  /** One multi-row statement for all of them. */
  override async putMany(blobs: ReadonlyArray<{ readonly key: string; readonly bytes: Buffer }>): Promise<StoredBlob[]> {
    if (blobs.length <= 1) return Promise.all(blobs.map(({ key, bytes }) => this.put(key, bytes)));
    const values: unknown[] = [];
    const stored = blobs.map(({ key, bytes }) => {
      assertBlobKey(key);
      const blob = { key, sha256: blobSha256(bytes), size: bytes.length };
      values.push(blob.key, blob.sha256, blob.size, bytes);
      return blob;
    });
    if (new Set(stored.map((blob) => blob.key)).size !== stored.length) throw new Error('putMany was given one key twice');
    const rows = stored.map((_, index) => `($${index * 4 + 1}, $${index * 4 + 2}, $${index * 4 + 3}, $${index * 4 + 4})`);
    await this.db.query(
      `INSERT INTO blobs (key, sha256, size, bytes) VALUES ${rows.join(', ')}
       ON CONFLICT (key) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size, bytes = excluded.bytes, created_at = now()`,
      values,
    );
    return stored;
  }

  async get(key: string): Promise<Buffer | null> {
    assertBlobKey(key);
    const [row] = (await this.db.query('SELECT bytes FROM blobs WHERE key = $1', [key])) as Array<{ bytes: Buffer }>;
    return row?.bytes ?? null;
  }

  async delete(key: string): Promise<void> {
    assertBlobKey(key);
    await this.db.query('DELETE FROM blobs WHERE key = $1', [key]);
  }
}
