import { PDFArray, PDFDict, PDFHexString, PDFDocument, PDFName, type PDFObject, PDFString } from 'pdf-lib';

/** A Figure of a tagged PDF's structure tree, with the text a screen reader reads for it. */
export interface PdfFigure {
  readonly alt?: string;
}

/** Every Figure element of the structure tree, in document order. */
export async function pdfFigures(bytes: Uint8Array): Promise<PdfFigure[]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const figures: PdfFigure[] = [];
  const visited = new Set<PDFObject>();
  const walk = (node: PDFObject | undefined): void => {
    const value = node === undefined ? undefined : doc.context.lookup(node);
    if (value === undefined || visited.has(value)) return;
    visited.add(value);
    if (value instanceof PDFArray) {
      for (const child of value.asArray()) walk(child);
      return;
    }
    if (!(value instanceof PDFDict)) return;
    if (value.lookupMaybe(PDFName.of('S'), PDFName)?.asString() === '/Figure') {
      const alt = value.lookup(PDFName.of('Alt'));
      figures.push(alt instanceof PDFString || alt instanceof PDFHexString ? { alt: alt.decodeText() } : {});
    }
    walk(value.get(PDFName.of('K')));
  };
  walk(doc.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict)?.get(PDFName.of('K')));
  return figures;
}
