import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../../test/support/test-database';
import { blobStoreContract } from './blob-store.contract';
import { FilesystemBlobStore } from './filesystem.blob-store';
import { PostgresBlobStore } from './postgres.blob-store';

describe('PostgresBlobStore (real PostgreSQL, real migrations)', () => {
  let db: DataSource;
  let store: PostgresBlobStore;

  beforeAll(async () => {
    db = new DataSource({ type: 'postgres', url: await createTestDatabase() });
    await db.initialize();
    store = new PostgresBlobStore(db);
  });
  afterAll(() => db.destroy());

  blobStoreContract(() => store);

  it('is refused by the table when hash and bytes disagree', async () => {
    await expect(
      db.query(`INSERT INTO blobs (key, sha256, size, bytes) VALUES ('forged', repeat('0', 64), 1, '\\x00')`),
    ).rejects.toThrow(/check constraint/);
  });
});

describe('FilesystemBlobStore (a real folder)', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'ccm-blobs-'));
  const store = new FilesystemBlobStore(path.join(root, 'blobs'));

  blobStoreContract(() => store);

  it('stores a key as a file at that path and leaves no temporary file behind', async () => {
    await store.put('renditions/7d2e/email', Buffer.from('<html>hello</html>'));
    expect(readFileSync(path.join(root, 'blobs', 'renditions', '7d2e', 'email'), 'utf8')).toBe('<html>hello</html>');
    expect(readdirSync(path.join(root, 'blobs', 'renditions', '7d2e'))).toEqual(['email']);
  });

  it('writes nothing outside its folder for a key that tries to leave it', async () => {
    await expect(store.put('../escaped', Buffer.from('x'))).rejects.toThrow();
    expect(existsSync(path.join(root, 'escaped'))).toBe(false);
  });
});
