import { toString as qrSvg } from 'qrcode';

/**
 * Error correction M (about 15 % of the symbol can be lost): the level most
 * payment QR codes print at, so a crease or a smudge on paper still scans,
 * while a link keeps to a small, coarse symbol.
 */
export const QR_ERROR_CORRECTION = 'M' as const;
/** Blank modules around the symbol; ISO/IEC 18004 asks for 4 so a reader can find it. */
export const QR_QUIET_ZONE_MODULES = 4;

const SVG_DATA_URI_PREFIX = 'data:image/svg+xml;base64,';

/**
 * A QR code of `text` as a `data:` URI of an SVG image, quiet zone included:
 * what a PDF shows as `<img src="…">`. Vector, so it prints sharp at any
 * size; black on white, as every reader expects. The image holds nothing but
 * the symbol, so it loads nothing and runs nothing.
 */
export function qrCodeDataUri(text: string): string {
  // Synchronous, so a merge context can make it only when a template reads it: with a
  // callback, qrcode encodes and draws in the call itself (its promise form only wraps that).
  let svg: string | undefined;
  let failure: Error | null | undefined;
  qrSvg(text, { type: 'svg', errorCorrectionLevel: QR_ERROR_CORRECTION, margin: QR_QUIET_ZONE_MODULES, color: { dark: '#000000', light: '#ffffff' } }, (error, drawn) => {
    failure = error;
    svg = drawn;
  });
  if (failure) throw failure;
  if (svg === undefined) throw new Error('qrcode did not draw the symbol synchronously');
  return `${SVG_DATA_URI_PREFIX}${Buffer.from(svg, 'utf8').toString('base64')}`;
}

/** The SVG markup inside a URI `qrCodeDataUri` made, or undefined for any other URI. */
export function svgOfQrCodeDataUri(uri: string): string | undefined {
  return uri.startsWith(SVG_DATA_URI_PREFIX) ? Buffer.from(uri.slice(SVG_DATA_URI_PREFIX.length), 'base64').toString('utf8') : undefined;
}
