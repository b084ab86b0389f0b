import type { AssetContentType } from '@app/contracts';
import { MAX_ASSET_BYTES } from './asset.limits';
import { svgProblems } from './svg-safety';

type BinaryType = Exclude<AssetContentType, 'image/svg+xml'>;

/** How each binary format starts (its "magic number"), and what to call it in a message. */
const SIGNATURES: ReadonlyArray<{ readonly type: BinaryType; readonly label: string; readonly matches: (bytes: Uint8Array) => boolean }> = [
  { type: 'image/png', label: 'a PNG image', matches: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { type: 'image/jpeg', label: 'a JPEG image', matches: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  { type: 'image/gif', label: 'a GIF image', matches: (b) => startsWithText(b, 'GIF87a') || startsWithText(b, 'GIF89a') },
  { type: 'image/webp', label: 'a WebP image', matches: (b) => startsWithText(b, 'RIFF') && startsWithText(b.subarray(8), 'WEBP') },
  { type: 'font/woff2', label: 'a WOFF2 font', matches: (b) => startsWithText(b, 'wOF2') },
  { type: 'font/woff', label: 'a WOFF font', matches: (b) => startsWithText(b, 'wOFF') },
  { type: 'font/ttf', label: 'a TrueType font', matches: (b) => startsWith(b, [0x00, 0x01, 0x00, 0x00]) || startsWithText(b, 'true') },
  { type: 'font/otf', label: 'an OpenType (CFF) font', matches: (b) => startsWithText(b, 'OTTO') },
];

/**
 * Why these bytes cannot be the asset they claim to be, or nothing. A browser
 * sniffs content whatever its declared type, so the declared type must be the
 * real one; SVG must moreover be inert (see `svgProblems`).
 */
export function assetBytesProblems(contentType: AssetContentType, bytes: Uint8Array): string[] {
  if (bytes.length === 0) return ['is empty'];
  if (bytes.length > MAX_ASSET_BYTES) return [`is ${describeSize(bytes.length)}; an asset may be at most ${describeSize(MAX_ASSET_BYTES)}`];
  const actual = SIGNATURES.find((signature) => signature.matches(bytes));
  if (contentType === 'image/svg+xml') {
    return actual ? [`is ${actual.label}, not an SVG image`] : svgProblems(bytes);
  }
  const expected = SIGNATURES.find((signature) => signature.type === contentType)!;
  if (actual?.type === contentType) return [];
  return [`is ${actual ? actual.label : 'not a file of any accepted type'}, not ${expected.label} (${contentType})`];
}

export function describeSize(bytes: number): string {
  return bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${bytes} bytes`;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, index) => bytes[index] === byte);
}

function startsWithText(bytes: Uint8Array, prefix: string): boolean {
  return startsWith(bytes, [...prefix].map((char) => char.charCodeAt(0)));
}
