import type { EntityManager } from 'typeorm';
import type { AssetContentType } from '@app/contracts';

/** An upload as stored: everything but the bytes. */
export interface AssetRecord {
  readonly name: string;
  readonly version: number;
  readonly contentType: AssetContentType;
  readonly sha256: string;
  readonly size: number;
  readonly createdBy: string;
  readonly createdAt: Date;
}

export interface NewAsset {
  readonly name: string;
  readonly contentType: AssetContentType;
  readonly bytes: Buffer;
  readonly createdBy: string;
}

/**
 * Where brand assets are kept: immutable uploads, addressed by name and
 * version for people and by SHA-256 for rendering. The platform's blob storage
 * port; PostgreSQL by default. Methods that change or decide on state take the
 * caller's transaction, so an upload and its audit entry commit together.
 */
export abstract class AssetStore {
  /** Stores `asset` as the next version of its name. The caller holds the name's lock (`lockName`). */
  abstract add(asset: NewAsset, manager?: EntityManager): Promise<AssetRecord>;

  /** Serialises uploads of one name until the transaction of `manager` ends. */
  abstract lockName(name: string, manager: EntityManager): Promise<void>;

  /** The latest upload of each named asset that has one; names without one are absent. */
  abstract latest(names: Iterable<string>, manager?: EntityManager): Promise<Record<string, AssetRecord>>;

  /** The upload of `name` with exactly these bytes, if there is one. */
  abstract find(name: string, sha256: string, manager?: EntityManager): Promise<AssetRecord | null>;

  /** The latest upload of every name, by name. */
  abstract list(): Promise<AssetRecord[]>;

  /** Every upload of `name`, newest first. */
  abstract versions(name: string): Promise<AssetRecord[]>;

  /** The bytes with this SHA-256, or null when no upload has them. */
  abstract content(sha256: string): Promise<Buffer | null>;
}
