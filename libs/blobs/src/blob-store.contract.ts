import { createHash, randomBytes } from 'node:crypto';
import type { BlobStore } from './blob-store';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** What every `BlobStore` driver must do; each driver's spec runs it against the real thing. */
export function blobStoreContract(store: () => BlobStore): void {
  it('gives back exactly the bytes it was given, with their SHA-256 and size', async () => {
    const bytes = randomBytes(300_000);
    const stored = await store().put('renditions/5c1b/pdf', bytes);
    expect(stored).toEqual({ key: 'renditions/5c1b/pdf', sha256: sha256(bytes), size: bytes.length });
    const read = await store().get('renditions/5c1b/pdf');
    expect(read && sha256(read)).toBe(sha256(bytes));
  });

  it('replaces the bytes of a key put again, as a retried write does', async () => {
    await store().put('renditions/retry/email', Buffer.from('first'));
    await store().put('renditions/retry/email', Buffer.from('second, longer'));
    expect((await store().get('renditions/retry/email'))?.toString()).toBe('second, longer');
  });

  it('puts several blobs at once, each as put would, replacing what a key held', async () => {
    await store().put('renditions/many/email', Buffer.from('old'));
    const pdf = randomBytes(50_000);
    const stored = await store().putMany([
      { key: 'renditions/many/email', bytes: Buffer.from('<p>new</p>') },
      { key: 'renditions/many/pdf', bytes: pdf },
      { key: 'renditions/many/sms', bytes: Buffer.alloc(0) },
    ]);
    expect(stored).toEqual([
      { key: 'renditions/many/email', sha256: sha256(Buffer.from('<p>new</p>')), size: 10 },
      { key: 'renditions/many/pdf', sha256: sha256(pdf), size: pdf.length },
      { key: 'renditions/many/sms', sha256: sha256(Buffer.alloc(0)), size: 0 },
    ]);
    expect((await store().get('renditions/many/email'))?.toString()).toBe('<p>new</p>');
    expect(sha256((await store().get('renditions/many/pdf'))!)).toBe(sha256(pdf));
    expect((await store().get('renditions/many/sms'))?.length).toBe(0);
    await expect(store().putMany([{ key: '../outside', bytes: Buffer.from('x') }, { key: 'renditions/ok/x', bytes: Buffer.from('x') }])).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });

  it('reads many keys at once, in the order asked, with null for a key it does not have', async () => {
    const pdf = randomBytes(40_000);
    await store().putMany([
      { key: 'renditions/read-many/email', bytes: Buffer.from('<p>'.padEnd(5_000, 'x')) },
      { key: 'renditions/read-many/pdf', bytes: pdf },
    ]);
    const read = await store().getMany(['renditions/read-many/pdf', 'renditions/read-many/none', 'renditions/read-many/email', 'renditions/read-many/pdf']);
    expect(read.map((bytes) => bytes && sha256(bytes))).toEqual([sha256(pdf), null, sha256(Buffer.from('<p>'.padEnd(5_000, 'x'))), sha256(pdf)]);
    expect(await store().getMany([])).toEqual([]);
    await expect(store().getMany(['renditions/ok/x', '../outside'])).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('keeps empty bytes and UTF-8 apart from nothing', async () => {
    await store().put('renditions/empty/sms', Buffer.alloc(0));
    expect((await store().get('renditions/empty/sms'))?.length).toBe(0);
    await store().put('renditions/ar/sms', Buffer.from('{"text":"فاتورة رقم ١٢٣"}'));
    expect((await store().get('renditions/ar/sms'))?.toString('utf8')).toBe('{"text":"فاتورة رقم ١٢٣"}');
  });

  it('answers null for a key it never had, and forgets a deleted key', async () => {
    expect(await store().get('renditions/none/pdf')).toBeNull();
    await store().put('renditions/gone/pdf', Buffer.from('%PDF-1.7'));
    await store().delete('renditions/gone/pdf');
    expect(await store().get('renditions/gone/pdf')).toBeNull();
    await expect(store().delete('renditions/gone/pdf')).resolves.toBeUndefined();
  });

  it.each(['../outside', 'renditions/../../etc/passwd', '/etc/passwd', 'renditions\\x', '.hidden', 'a//b', '', 'a/'])(
    'refuses the key %j before touching anything',
    async (key) => {
      await expect(store().put(key, Buffer.from('x'))).rejects.toMatchObject({ code: 'validation_failed' });
      await expect(store().get(key)).rejects.toMatchObject({ code: 'validation_failed' });
    },
  );
}
