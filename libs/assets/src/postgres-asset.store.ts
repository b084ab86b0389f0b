import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { assetSha256 } from '@app/contracts';
import { AssetRecord, AssetStore, NewAsset } from './asset-store';

/** Arbitrary but fixed namespace of the advisory locks that serialise uploads per name. */
const ASSET_LOCK_NAMESPACE = 1_764_100_000;

/** Assets in the platform's own PostgreSQL: one row per upload, bytes in `bytea`. */
@Injectable()
export class PostgresAssetStore extends AssetStore {
  constructor(@InjectDataSource() private readonly db: DataSource) {
    super();
  }

  async lockName(name: string, manager: EntityManager): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [ASSET_LOCK_NAMESPACE, name]);
  }

  async add(asset: NewAsset, manager: EntityManager = this.db.manager): Promise<AssetRecord> {
    const [{ next }] = (await manager.query('SELECT coalesce(max(version), 0) + 1 AS next FROM assets WHERE name = $1', [asset.name])) as Array<{ next: number }>;
    const [row] = (await manager.query(
      `INSERT INTO assets (name, version, content_type, sha256, size, bytes, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       RETURNING ${COLUMNS}`,
      // The table checks the hash and size against the bytes it stores.
      [asset.name, next, asset.contentType, assetSha256(asset.bytes), asset.bytes.length, asset.bytes, asset.createdBy],
    )) as RawAsset[];
    return toRecord(row);
  }

  async latest(names: Iterable<string>, manager: EntityManager = this.db.manager): Promise<Record<string, AssetRecord>> {
    const wanted = [...new Set(names)].sort();
    if (wanted.length === 0) return {};
    const rows = (await manager.query(
      `SELECT DISTINCT ON (name) ${COLUMNS} FROM assets WHERE name = ANY($1) ORDER BY name, version DESC`,
      [wanted],
    )) as RawAsset[];
    return Object.fromEntries(rows.map((row) => [row.name, toRecord(row)]));
  }

  async find(name: string, sha256: string, manager: EntityManager = this.db.manager): Promise<AssetRecord | null> {
    const [row] = (await manager.query(`SELECT ${COLUMNS} FROM assets WHERE name = $1 AND sha256 = $2 ORDER BY version LIMIT 1`, [name, sha256])) as RawAsset[];
    return row ? toRecord(row) : null;
  }

  async list(): Promise<AssetRecord[]> {
    const rows = (await this.db.query(`SELECT DISTINCT ON (name) ${COLUMNS} FROM assets ORDER BY name, version DESC`)) as RawAsset[];
    return rows.map(toRecord);
  }

  async versions(name: string): Promise<AssetRecord[]> {
    const rows = (await this.db.query(`SELECT ${COLUMNS} FROM assets WHERE name = $1 ORDER BY version DESC`, [name])) as RawAsset[];
    return rows.map(toRecord);
  }

  async content(sha256: string): Promise<Buffer | null> {
    const [row] = (await this.db.query('SELECT bytes FROM assets WHERE sha256 = $1 LIMIT 1', [sha256])) as Array<{ bytes: Buffer }>;
    return row?.bytes ?? null;
  }
}

const COLUMNS = 'name, version, content_type, sha256, size, created_by, created_at';

interface RawAsset {
  readonly name: string;
  readonly version: number;
  readonly content_type: AssetRecord['contentType'];
  readonly sha256: string;
  readonly size: number;
  readonly created_by: string;
  readonly created_at: Date;
}

function toRecord(row: RawAsset): AssetRecord {
  return {
    name: row.name,
    version: Number(row.version),
    contentType: row.content_type,
    sha256: row.sha256,
    size: Number(row.size),
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
  };
}
