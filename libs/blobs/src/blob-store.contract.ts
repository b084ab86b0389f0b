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
