import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { deflateSync } from 'node:zlib';
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

  it('holds rendered HTML deflated, and gives back exactly the HTML', async () => {
    const html = Buffer.from(invoiceHtml(40));
    const stored = await store.put('renditions/deflated/email', html);
    expect(stored).toEqual({ key: 'renditions/deflated/email', sha256: sha256(html), size: html.length });
    const [row] = await db.query(`SELECT encoding, size, octet_length(bytes) AS held FROM blobs WHERE key = 'renditions/deflated/email'`);
    expect(row.encoding).toBe('deflate');
    expect(row.size).toBe(html.length);
    expect(row.held).toBeLessThan(html.length / 3);
    expect((await store.get('renditions/deflated/email'))!.equals(html)).toBe(true);
  });

  it('holds small, incompressible and already-compressed bytes as given', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.from(invoiceHtml(5))]);
    await store.putMany([
      { key: 'renditions/asis/sms', bytes: Buffer.from('{"text":"Invoice INV-1 is due"}') },
      { key: 'renditions/asis/pdf', bytes: randomBytes(20_000) },
      { key: 'renditions/asis/logo', bytes: png },
    ]);
    const rows = await db.query(`SELECT key, encoding FROM blobs WHERE key LIKE 'renditions/asis/%' ORDER BY key`);
    expect(rows).toEqual([
      { key: 'renditions/asis/logo', encoding: 'identity' },
      { key: 'renditions/asis/pdf', encoding: 'identity' },
      { key: 'renditions/asis/sms', encoding: 'identity' },
    ]);
    expect((await store.get('renditions/asis/logo'))!.equals(png)).toBe(true);
  });

  it('reads a row written before blobs were deflated, as it was written', async () => {
    const bytes = Buffer.from(invoiceHtml(10));
    await db.query(`INSERT INTO blobs (key, sha256, size, bytes) VALUES ($1, $2, $3, $4)`, ['renditions/older/email', sha256(bytes), bytes.length, bytes]);
    expect((await store.get('renditions/older/email'))!.equals(bytes)).toBe(true);
  });

  it('refuses to read a deflated row whose bytes were damaged, rather than give other bytes', async () => {
    await store.put('renditions/damaged/email', Buffer.from(invoiceHtml(20)));
    await db.query(`UPDATE blobs SET bytes = overlay(bytes placing '\\x00000000'::bytea from 40 for 4) WHERE key = 'renditions/damaged/email'`);
    await expect(store.get('renditions/damaged/email')).rejects.toThrow(/renditions\/damaged\/email/);
    await db.query(`UPDATE blobs SET size = size + 1, bytes = $1 WHERE key = 'renditions/damaged/email'`, [deflateSync(Buffer.from(invoiceHtml(20)))]);
    await expect(store.get('renditions/damaged/email')).rejects.toThrow(/bytes where/);
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

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** HTML shaped like a rendered invoice email: a table of lines, inline styles repeated on every row. */
function invoiceHtml(lines: number): string {
  const rows = Array.from(
    { length: lines },
    (_, index) =>
      `<tr><td style="padding:4px 0;font-family:Helvetica,Arial,sans-serif;font-size:14px;color:#1f2933">Line ${index + 1}: service ${(index * 7919) % 1000}</td>` +
      `<td style="padding:4px 0;font-family:Helvetica,Arial,sans-serif;font-size:14px;color:#1f2933;text-align:right">${((index * 1237) % 10000) / 100} EUR</td></tr>`,
  );
  return `<!doctype html><html><body><table role="presentation" width="100%">${rows.join('')}</table></body></html>`;
}
