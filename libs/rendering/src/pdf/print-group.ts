import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFString, ParseSpeeds, type PDFObject } from 'pdf-lib';
import { groupFooterCss } from './header-footer.template';
import type { ResolvedPdfRenderOptions } from './pdf-render-options';

/**
 * Several documents printed by one `page.pdf`. Chromium's cost per print is mostly fixed
 * (fonts subset and embedded, the PDF and its structure tree written, a CDP round trip),
 * so printing eight invoices at once costs far less than eight prints.
 *
 * Each document's body becomes one `<article>` (Chromium tags it `/Art`, a direct child of
 * the `/Document` element, so each document is one subtree of the structure tree) on its
 * own named page (`page: part-N`), which starts it on a new page and lets its footer be
 * styled apart from the others.
 */
export interface GroupMember {
  readonly html: string;
  readonly options: ResolvedPdfRenderOptions;
}

const BODY_OPEN = /<body\b[^>]*>/i;
const BODY_CLOSE = /<\/body\s*>/i;
const TITLE = /<title\b[^>]*>[\s\S]*?<\/title\s*>/i;
/** Where a part starts, found in the first pass by the link it carries there. */
const PART_URL_PREFIX = 'https://print-part.invalid/';
export const PART_PAGE_PREFIX = 'part-';

/**
 * What must be equal for documents to share a print: everything before the body (the
 * template's styles, the root's lang and dir, the body's attributes) apart from the title,
 * and the print options Chromium applies to the whole print. Documents of other templates
 * or languages would restyle each other. Undefined when the HTML cannot be split so.
 */
export function groupKey(html: string, options: ResolvedPdfRenderOptions): string | undefined {
  const open = BODY_OPEN.exec(html);
  if (!open || !BODY_CLOSE.test(html.slice(open.index))) return undefined;
  const prefix = html.slice(0, open.index + open[0].length).replace(TITLE, '');
  const { format, landscape, lang, dir, header, footer } = options;
  return JSON.stringify([format, landscape, lang, dir, header ?? null, footer ?? null, prefix]);
}

/**
 * The first document's head and every body, each in its own article. The first pass
 * needs to know where each part starts: an absolutely positioned link without offsets
 * sits at its static position and takes no room, so it marks the part's first page
 * without moving anything; it is removed before the tagged print.
 */
export function groupHtml(members: readonly GroupMember[]): string {
  const first = members[0].html;
  const open = BODY_OPEN.exec(first)!;
  const parts = members.map((member, index) => {
    const bodyOpen = BODY_OPEN.exec(member.html)!;
    const rest = member.html.slice(bodyOpen.index + bodyOpen[0].length);
    const body = rest.slice(0, rest.search(BODY_CLOSE));
    const marker = `<a data-print-part-marker href="${PART_URL_PREFIX}${index}" style="position:absolute;width:1px;height:1px"></a>`;
    return `<article data-print-part="${index}" style="page: ${PART_PAGE_PREFIX}${index}">${marker}${body}</article>`;
  });
  return `${first.slice(0, open.index + open[0].length)}${parts.join('')}</body></html>`;
}

/** The first page (0-based) and page count of each part, from the first pass's markers. */
export async function partPages(firstPass: Uint8Array, parts: number): Promise<Array<{ first: number; count: number }>> {
  // The first pass is a few small objects per page: parsed in one go, without pdf-lib's timer slices.
  const document = await PDFDocument.load(firstPass, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  const starts = new Array<number | undefined>(parts).fill(undefined);
  document.getPages().forEach((page, pageIndex) => {
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    for (const annot of annots?.asArray() ?? []) {
      const uri = uriOf(document.context.lookup(annot));
      if (!uri?.startsWith(PART_URL_PREFIX)) continue;
      const index = Number(uri.slice(PART_URL_PREFIX.length));
      if (Number.isInteger(index) && index < parts && starts[index] === undefined) starts[index] = pageIndex;
    }
  });
  const total = document.getPageCount();
  return starts.map((first, index) => {
    const next = starts[index + 1] ?? total;
    if (first === undefined || (index + 1 < parts && starts[index + 1] === undefined) || next <= first) {
      throw new Error(`part ${index} of the group print has no page of its own`);
    }
    return { first, count: next - first };
  });
}

function uriOf(annot: PDFObject | undefined): string | undefined {
  if (!(annot instanceof PDFDict)) return undefined;
  const action = annot.lookupMaybe(PDFName.of('A'), PDFDict);
  const uri = action?.lookup(PDFName.of('URI'));
  return uri instanceof PDFString || uri instanceof PDFHexString ? uri.decodeText() : undefined;
}

/** Runs in the page between the passes: the markers go, each part's own footer comes in. */
export function secondPassCss(members: readonly GroupMember[], pages: ReadonlyArray<{ first: number; count: number }>): string {
  return members.map((member, index) => groupFooterCss(member.options.footer, member.options, { pageName: `${PART_PAGE_PREFIX}${index}`, ...pages[index] })).join('\n');
}
