import type { LockedBlockEntity, LockedBlockVersionEntity } from '@app/template-store';
import { toVersionView, VersionView } from '../template-version.view';

export interface BlockView {
  readonly name: string;
  readonly description: string;
  /** The version templates capture when they are submitted; null when none is published. */
  readonly publishedVersion: number | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** A block version's lifecycle facts; `name` is the block's. */
export type BlockVersionView = Omit<VersionView, 'key'> & { readonly name: string };

/** A template version that carries a block, and which version of it. */
export interface BlockUsage {
  readonly key: string;
  readonly version: number;
  readonly status: string;
  readonly blockVersion: number;
  /** A newer version of the block is published: the template picks it up only with a new version. */
  readonly outdated: boolean;
}

export interface BlockDetailView extends BlockView {
  readonly versions: readonly BlockVersionView[];
  /** Template versions in review, approved or published that carry this block. */
  readonly usedBy: readonly BlockUsage[];
}

export function toBlockView(row: LockedBlockEntity): BlockView {
  return { name: row.name, description: row.description, publishedVersion: row.publishedVersion, createdAt: row.createdAt, updatedAt: row.updatedAt };
}

export function toBlockVersionView(name: string, row: LockedBlockVersionEntity): BlockVersionView {
  const { key: _key, ...view } = toVersionView(name, row);
  return { name, ...view };
}
