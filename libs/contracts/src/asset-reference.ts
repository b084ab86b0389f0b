import { createHash } from 'node:crypto';

/**
 * What may be uploaded as a brand asset: images a mail client or Chromium shows
 * inline, and the web font formats `@font-face` takes. Nothing else is ever
 * inlined, so a template cannot smuggle HTML or script in through an asset.
 */
export const ASSET_CONTENT_TYPES = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/svg+xml',
  'font/woff2',
  'font/woff',
  'font/ttf',
  'font/otf',
] as const;
export type AssetContentType = (typeof ASSET_CONTENT_TYPES)[number];

/** The helper templates and blocks inline an asset with: `{{asset "logo"}}`. */
export const ASSET_HELPER = 'asset';

/** Asset names are helper arguments and URL segments: `logo`, `logo-dark`, `brand-font`. */
export const ASSET_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const ASSET_NAME_MAX = 63;

export function isAssetName(name: string): boolean {
  return name.length <= ASSET_NAME_MAX && ASSET_NAME.test(name);
}

export function isAssetContentType(type: string): type is AssetContentType {
  return (ASSET_CONTENT_TYPES as readonly string[]).includes(type);
}

/**
 * An uploaded asset as a template version carries it (`content.assets[name]`):
 * captured when the version is saved and submitted, by hash only. The bytes stay
 * in the asset store; the SHA-256 in the content hash pins exactly which bytes
 * documents of the version inline, however often the name is uploaded again.
 */
export interface CapturedAsset {
  /** SHA-256 (hex) of the asset's bytes. */
  readonly sha256: string;
  readonly contentType: AssetContentType;
  /** Bytes before base64: what a reviewer needs to judge what it adds to every email. */
  readonly size: number;
}

/** Data URIs of a version's assets by name, as the `asset` helper writes them into a merge. */
export type InlineAssets = ReadonlyMap<string, string>;

export function assetSha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function captureAsset(contentType: AssetContentType, bytes: Uint8Array): CapturedAsset {
  return { sha256: assetSha256(bytes), contentType, size: bytes.length };
}

/**
 * `data:<type>;base64,<bytes>`. Only listed content types and the base64 alphabet
 * occur in it, so it is safe unescaped in an HTML attribute and in CSS `url()`.
 */
export function toDataUri(contentType: AssetContentType, bytes: Uint8Array): string {
  return `data:${contentType};base64,${Buffer.from(bytes).toString('base64')}`;
}

/** Characters one inlined copy of the asset adds to a document. */
export function dataUriLength(asset: Pick<CapturedAsset, 'contentType' | 'size'>): number {
  return `data:${asset.contentType};base64,`.length + Math.ceil(asset.size / 3) * 4;
}
