import { mkdir } from 'node:fs/promises';
import { create as encodeQr } from 'qrcode';
import { ChromiumPdfEngine, resolveChromiumExecutable } from '../libs/rendering/src';
import { MessageCatalog } from '../libs/templating/src';
import { BuiltInRenditions } from './support/built-in-renditions';
import { LOCALE_TAGS, type Language } from './support/fixtures';
import { pdfFigures } from './support/pdf/pdf-figures';
import { pdfInfo, pdfPageRaster, pdfText, pdfToPng } from './support/pdf/poppler';
import { readQrSymbol } from './support/pdf/qr-symbol';

/**
 * The invoice PDF carries its pay link twice: as text a reader can type or click,
 * and as a QR code a phone camera opens. The code must be the link, exactly; big
 * enough to scan from paper; with its quiet zone; described for a screen reader;
 * and on the side of the page the document's direction reads last.
 */
const LANGUAGES: readonly Language[] = ['en', 'ar', 'zh'];
const DPI = 200;
const MM_PER_INCH = 25.4;
/** Where the pages are written for a person to look at. */
const SHOTS = process.env.CCM_SHOTS_DIR ?? '/tmp/shots/links';

let engine: ChromiumPdfEngine;
let renditions: BuiltInRenditions;

beforeAll(async () => {
  engine = new ChromiumPdfEngine({ executablePath: await resolveChromiumExecutable(process.env.CHROMIUM_PATH || undefined) });
  renditions = await BuiltInRenditions.load(engine);
  await mkdir(SHOTS, { recursive: true });
}, 120_000);

afterAll(() => engine?.close());

describe.each(LANGUAGES)('the %s invoice PDF', (language) => {
  it('prints the pay link as text and as a QR code of exactly that link, tagged with its description', async () => {
    const context = await renditions.context('invoice', renditions.sampleFor('invoice', language), LOCALE_TAGS[language]);
    const { bytes } = await renditions.renderPdf('invoice', context);
    const payUrl = context.actions.payUrl;
    await pdfToPng(bytes, `${SHOTS}/invoice-${language}`, 80);

    // The link in the text layer (a long link may wrap: the reader's copy joins it again).
    expect((await pdfText(bytes, 1)).replace(/\s+/g, '')).toContain(payUrl);
    expect((await pdfInfo(bytes)).Tagged).toBe('yes');
    const catalog = MessageCatalog.fromContent(renditions.versions.get('invoice')!.content, context.locale.language);
    expect(await pdfFigures(bytes)).toContainEqual({ alt: catalog.format('invoice.payQrAlt') });

    const page = await pdfPageRaster(bytes, 1, DPI);
    const symbol = readQrSymbol(page);
    expect(symbol).toBeDefined();
    const expected = encodeQr(payUrl, { errorCorrectionLevel: 'M' }).modules;
    const expectedRows = Array.from({ length: expected.size }, (_, row) => Array.from({ length: expected.size }, (_, column) => Boolean(expected.get(row, column))));
    expect(symbol!.size).toBe(expected.size);
    expect(symbol!.modules).toEqual(expectedRows);
    expect(symbol!.quietZoneClear).toBe(true);
    const sideMm = ((symbol!.size * symbol!.modulePx) / DPI) * MM_PER_INCH;
    expect(sideMm).toBeGreaterThanOrEqual(25);

    // Left to right the code closes the pay box on the right; right to left, on the left.
    const centre = symbol!.left + (symbol!.size * symbol!.modulePx) / 2;
    if (context.locale.dir === 'rtl') expect(centre).toBeLessThan(page.width / 2);
    else expect(centre).toBeGreaterThan(page.width / 2);
  }, 120_000);
});
