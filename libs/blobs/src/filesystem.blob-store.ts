import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { assertBlobKey, blobSha256 } from './blob-key';
import { BlobStore, StoredBlob } from './blob-store';

/**
 * Blobs as files under one root folder (`CCM_DATA_DIR/blobs`), the key being
 * the file's relative path. A write goes to a temporary file beside the target,
 * is flushed to disk, then renamed over it: a reader sees the old bytes or the
 * new ones, never half a file, and a crash leaves at most a temporary file.
 */
export class FilesystemBlobStore extends BlobStore {
  private readonly root: string;

  constructor(root: string) {
    super();
    this.root = path.resolve(root);
  }

  async put(key: string, bytes: Buffer): Promise<StoredBlob> {
    const file = this.fileOf(key);
    const folder = path.dirname(file);
    await mkdir(folder, { recursive: true });
    const temporary = path.join(folder, `.${path.basename(file)}.${randomUUID()}.tmp`);
    try {
      const handle = await open(temporary, 'wx', 0o600);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, file);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    await syncFolder(folder);
    return { key, sha256: blobSha256(bytes), size: bytes.length };
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.fileOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.fileOf(key), { force: true });
  }

  /** The key's file; the key's syntax already rules out leaving the root, and this checks it again. */
  private fileOf(key: string): string {
    assertBlobKey(key);
    const file = path.resolve(this.root, ...key.split('/'));
    if (!file.startsWith(this.root + path.sep)) throw new Error(`blob key "${key}" leaves the blob folder`);
    return file;
  }
}

/** The rename is durable only once the folder's entry is on disk too. */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
