import { create } from 'qrcode';
import { QR_QUIET_ZONE_MODULES, qrCodeDataUri, svgOfQrCodeDataUri } from './qr-code';

const LINK = 'https://ccm.northwind.example/a/pay/X2muPNUY7R471IF608MDJk2g';

/** The dark modules an SVG path of horizontal runs (`M x y h n …`, as qrcode draws them) covers, as "row,column". */
function darkModules(svg: string): Set<string> {
  const path = /<path[^>]*stroke="#000000"[^>]*d="([^"]+)"/.exec(svg)?.[1] ?? '';
  const dark = new Set<string>();
  let x = 0;
  let y = 0;
  for (const [, command, a, b] of path.matchAll(/([Mmh])\s*(-?[\d.]+)(?:\s+(-?[\d.]+))?/g)) {
    if (command === 'M') [x, y] = [Number(a), Number(b)];
    else if (command === 'm') [x, y] = [x + Number(a), y + Number(b)];
    else {
      for (let column = x; column < x + Number(a); column++) dark.add(`${Math.floor(y) - QR_QUIET_ZONE_MODULES},${column - QR_QUIET_ZONE_MODULES}`);
      x += Number(a);
    }
  }
  return dark;
}

describe('qrCodeDataUri', () => {
  it('is an SVG data: URI holding only the symbol, with its quiet zone on a white ground', async () => {
    const uri = await qrCodeDataUri(LINK);
    expect(uri).toMatch(/^data:image\/svg\+xml;base64,[A-Za-z0-9+/]+=*$/);
    const svg = svgOfQrCodeDataUri(uri)!;
    const size = create(LINK, { errorCorrectionLevel: 'M' }).modules.size;
    expect(svg).toContain(`viewBox="0 0 ${size + 2 * QR_QUIET_ZONE_MODULES} ${size + 2 * QR_QUIET_ZONE_MODULES}"`);
    expect(svg).toContain('<path fill="#ffffff"');
    // Nothing to load or run: no links, scripts, images or styles.
    expect(svg).not.toMatch(/href|<script|<image|<style|url\(/i);
  });

  it('draws exactly the modules of the link encoded with error correction M', async () => {
    const svg = svgOfQrCodeDataUri(await qrCodeDataUri(LINK))!;
    const { modules } = create(LINK, { errorCorrectionLevel: 'M' });
    const expected = new Set<string>();
    for (let row = 0; row < modules.size; row++) for (let column = 0; column < modules.size; column++) if (modules.get(row, column)) expected.add(`${row},${column}`);
    expect(darkModules(svg)).toEqual(expected);
  });

  it('gives another symbol for another link', async () => {
    expect(await qrCodeDataUri(`${LINK.slice(0, -1)}h`)).not.toBe(await qrCodeDataUri(LINK));
  });
});
