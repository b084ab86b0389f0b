import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { assetBytesProblems } from './asset-bytes.rules';
import { MAX_ASSET_BYTES } from './asset.limits';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(24)]);
const GIF = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(16)]);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 '), Buffer.alloc(8)]);
/** A real, inert SVG: a logo as a designer exports it. */
const SVG = Buffer.from(
  [
    '<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48" viewBox="0 0 48 48">',
    '  <title>Northwind Fiber</title>',
    '  <rect width="48" height="48" rx="11" fill="#1fb5ac"/>',
    '  <path d="M14 35V13l20 22V13" fill="none" stroke="#ffffff" stroke-width="5" stroke-linecap="round" stroke-linejoin="round"/>',
    '  <circle cx="34" cy="13" r="4.5" fill="#f2a93b"/>',
    '</svg>',
  ].join('\n'),
);
const BUILT_IN_LOGO = readFileSync(path.resolve(__dirname, '../../../templates/_assets/logo.png'));

describe('asset bytes', () => {
  it.each([
    ['image/png', PNG],
    ['image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])],
    ['image/gif', GIF],
    ['image/webp', WEBP],
    ['font/woff2', Buffer.from('wOF2\u0000\u0001\u0000\u0000')],
    ['font/woff', Buffer.from('wOFF\u0000\u0001\u0000\u0000')],
    ['font/ttf', Buffer.from([0, 1, 0, 0, 0, 12])],
    ['font/otf', Buffer.from('OTTO\u0000\u000c')],
    ['image/svg+xml', SVG],
  ] as const)('accept a real %s', (type, bytes) => {
    expect(assetBytesProblems(type, bytes)).toEqual([]);
  });

  it('accept the built-in logo as the PNG it is', () => {
    expect(assetBytesProblems('image/png', BUILT_IN_LOGO)).toEqual([]);
  });

  it('refuse bytes of another type than declared, saying what they are', () => {
    expect(assetBytesProblems('image/png', GIF)).toEqual(['is a GIF image, not a PNG image (image/png)']);
    expect(assetBytesProblems('image/png', Buffer.from('<html><script>alert(1)</script>'))).toEqual([
      'is not a file of any accepted type, not a PNG image (image/png)',
    ]);
    expect(assetBytesProblems('image/svg+xml', PNG)).toEqual(['is a PNG image, not an SVG image']);
  });

  it('refuse empty files and files over the limit', () => {
    expect(assetBytesProblems('image/png', Buffer.alloc(0))).toEqual(['is empty']);
    const big = Buffer.concat([PNG, Buffer.alloc(MAX_ASSET_BYTES)]);
    expect(assetBytesProblems('image/png', big)).toEqual([expect.stringMatching(/at most 256\.0 KB/)]);
  });
});
