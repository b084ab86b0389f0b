import { PDFArray, PDFDict, PDFDocument, PDFName, type PDFObject } from 'pdf-lib';

/** A table cell of a tagged PDF's structure tree, as a screen reader meets it. */
export interface PdfTableCell {
  readonly role: 'TH' | 'TD';
  /** `Row` or `Column` for a header cell that says which cells it heads. */
  readonly scope?: string;
  /** Whether a data cell names the header cells a reader announces with it. */
  readonly hasHeaders: boolean;
}

/** Every TH and TD of the structure tree, in document order, with their table attributes. */
export async function pdfTableCells(bytes: Uint8Array): Promise<PdfTableCell[]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const cells: PdfTableCell[] = [];
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
    const role = value.lookupMaybe(PDFName.of('S'), PDFName)?.asString();
    if (role === '/TH' || role === '/TD') {
      const attributes = tableAttributes(doc, value.get(PDFName.of('A')));
      const scope = attributes.map((a) => a.lookupMaybe(PDFName.of('Scope'), PDFName)?.asString().slice(1)).find(Boolean);
      // Chromium writes an empty Headers array for a cell no header heads.
      const hasHeaders = attributes.some((a) => (a.lookupMaybe(PDFName.of('Headers'), PDFArray)?.size() ?? 0) > 0);
      cells.push({ role: role.slice(1) as 'TH' | 'TD', ...(scope ? { scope } : {}), hasHeaders });
    }
    walk(value.get(PDFName.of('K')));
  };
  walk(doc.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict)?.get(PDFName.of('K')));
  return cells;
}

function tableAttributes(doc: PDFDocument, attributes: PDFObject | undefined): PDFDict[] {
  const value = attributes === undefined ? undefined : doc.context.lookup(attributes);
  const all = value instanceof PDFArray ? value.asArray().map((item) => doc.context.lookup(item)) : [value];
  return all.filter((item): item is PDFDict => item instanceof PDFDict && item.get(PDFName.of('O'))?.toString() === '/Table');
}
