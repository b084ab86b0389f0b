/** What the store holds under a key: the size and SHA-256 of the bytes it was given. */
export interface StoredBlob {
  readonly key: string;
  readonly sha256: string;
  readonly size: number;
}

/**
 * Where the platform keeps bytes too large for its rows — rendition bytes today,
 * delivery bytes later (port). PostgreSQL by default; a filesystem under
 * `CCM_DATA_DIR` when chosen. Keys are slash-separated paths the caller makes
 * (`renditions/<document id>/<channel>`, see `blob-key.ts`); putting a key again
 * replaces its bytes, so a retried write after a crash is harmless. A `put`
 * that returned is durable: the caller then records the key in its own row.
 */
export abstract class BlobStore {
  abstract put(key: string, bytes: Buffer): Promise<StoredBlob>;

  /**
   * Puts several blobs; durable once it returns, like `put`. Drivers that can
   * write them in one round trip do (a render stores three or four at once).
   */
  async putMany(blobs: ReadonlyArray<{ readonly key: string; readonly bytes: Buffer }>): Promise<StoredBlob[]> {
    return Promise.all(blobs.map(({ key, bytes }) => this.put(key, bytes)));
  }

  /** The bytes under `key`, or null when there are none. */
  abstract get(key: string): Promise<Buffer | null>;

  /**
   * The bytes under each key, in the order given (null where there are none).
   * Drivers that can read them in one round trip do (a send reads a fetch's messages at once).
   */
  async getMany(keys: readonly string[]): Promise<Array<Buffer | null>> {
    return Promise.all(keys.map((key) => this.get(key)));
  }

  /** Removes `key`; removing a key that is not there is not an error. */
  abstract delete(key: string): Promise<void>;
}
