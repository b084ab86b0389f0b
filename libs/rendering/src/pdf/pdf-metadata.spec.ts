import { PDFBool, PDFDict, PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { finishPdf, PDF_CREATOR, PDF_PRODUCER } from './pdf-metadata';
import { pdfInfo } from '../../../../test/support/pdf/poppler';

/** Chromium's A4, on its 1/300-inch grid. */
const CHROMIUM_A4 = [595.92, 841.92] as const;

async function printedLikeChromium(options: { pages: number; size?: readonly [number, number]; objectStreams: boolean }) {
  const document = await PDFDocument.create({ updateMetadata: false });
  document.setTitle('about:blank');
  document.setCreator('Mozilla/5.0 HeadlessChrome/156.0.0.0');
  for (let i = 0; i < options.pages; i += 1) document.addPage([...(options.size ?? CHROMIUM_A4)]);
  return document.save({ useObjectStreams: options.objectStreams });
}

const METADATA = { title: 'فاتورة رقم ٢٠٤١', lang: 'ar-SA', format: 'A4' as const, landscape: false };

async function catalogOf(bytes: Uint8Array) {
  const document = await PDFDocument.load(bytes, { updateMetadata: false });
  const lang = document.catalog.lookup(PDFName.of('Lang'));
  const prefs = document.catalog.lookup(PDFName.of('ViewerPreferences'));
  return {
    lang: lang instanceof PDFString ? lang.decodeText() : undefined,
    displayDocTitle: prefs instanceof PDFDict ? prefs.get(PDFName.of('DisplayDocTitle')) === PDFBool.True : false,
  };
}

describe('finishPdf', () => {
  it('appends the metadata to an untouched copy of the printed bytes', async () => {
    const printed = await printedLikeChromium({ pages: 2, objectStreams: false });
    const { bytes, pages } = await finishPdf(printed, METADATA);

    expect(Buffer.from(bytes.subarray(0, printed.length)).equals(Buffer.from(printed))).toBe(true);
    expect(pages).toBe(2);
    const info = await pdfInfo(bytes);
    expect(info.Title).toBe('فاتورة رقم ٢٠٤١');
    expect(info.Creator).toBe(PDF_CREATOR);
    expect(info.Producer).toBe(PDF_PRODUCER);
    expect(info['Page size']).toBe('595.28 x 841.89 pts (A4)');
    expect(await catalogOf(bytes)).toEqual({ lang: 'ar-SA', displayDocTitle: true });
  });

  it('rewrites files with cross-reference streams in full, with the same result', async () => {
    const printed = await printedLikeChromium({ pages: 3, objectStreams: true });
    const { bytes, pages } = await finishPdf(printed, METADATA);

    expect(pages).toBe(3);
    const info = await pdfInfo(bytes);
    expect(info.Title).toBe('فاتورة رقم ٢٠٤١');
    expect(info.Creator).toBe(PDF_CREATOR);
    expect(info['Page size']).toBe('595.28 x 841.89 pts (A4)');
    expect(await catalogOf(bytes)).toEqual({ lang: 'ar-SA', displayDocTitle: true });
  });

  it('trims landscape pages to the exact landscape size', async () => {
    const printed = await printedLikeChromium({ pages: 1, size: [CHROMIUM_A4[1], CHROMIUM_A4[0]], objectStreams: false });
    const { bytes } = await finishPdf(printed, { ...METADATA, landscape: true });
    expect((await pdfInfo(bytes))['Page size']).toBe('841.89 x 595.28 pts (A4)');
  });

  it('leaves a page alone that is not the requested paper at all', async () => {
    const printed = await printedLikeChromium({ pages: 1, size: [612, 792], objectStreams: false });
    const { bytes } = await finishPdf(printed, METADATA);
    expect((await pdfInfo(bytes))['Page size']).toBe('612 x 792 pts (letter)');
  });
});
