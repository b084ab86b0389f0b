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
export async function qrCodeDataUri(text: string): Promise<string> {
  const svg = await qrSvg(text, {
    type: 'svg',
    errorCorrectionLevel: QR_ERROR_CORRECTION,
    margin: QR_QUIET_ZONE_MODULES,
    color: { dark: '#000000', light: '#ffffff' },
  });
  return `${SVG_DATA_URI_PREFIX}${Buffer.from(svg, 'utf8').toString('base64')}`;
}

/** The SVG markup inside a URI `qrCodeDataUri` made, or undefined for any other URI. */
export function svgOfQrCodeDataUri(uri: string): string | undefined {
  return uri.startsWith(SVG_DATA_URI_PREFIX) ? Buffer.from(uri.slice(SVG_DATA_URI_PREFIX.length), 'base64').toString('utf8') : undefined;
}
