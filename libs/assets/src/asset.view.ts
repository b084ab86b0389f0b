import { dataUriLength } from '@app/contracts';
import type { AssetRecord } from './asset-store';

/** An upload as the API shows it. */
export interface AssetView {
  readonly name: string;
  readonly version: number;
  readonly contentType: string;
  readonly sha256: string;
  /** Bytes of the file. */
  readonly size: number;
  /** Characters one `{{asset}}` of it adds to an email or PDF (base64 data URI). */
  readonly inlineBytes: number;
  readonly createdBy: string;
  readonly createdAt: string;
}

/** One asset name: its latest upload (what the next saved template version captures) and every upload. */
export interface AssetDetailView {
  readonly name: string;
  readonly latest: AssetView;
  readonly versions: AssetView[];
}

export function toAssetView(record: AssetRecord): AssetView {
  return {
    name: record.name,
    version: record.version,
    contentType: record.contentType,
    sha256: record.sha256,
    size: record.size,
    inlineBytes: dataUriLength(record),
    createdBy: record.createdBy,
    createdAt: record.createdAt.toISOString(),
  };
}
