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

/** The first document's head, then every body in its own article on its own named page. */
export function groupHtml(members: readonly GroupMember[]): string {
  const first = members[0].html;
  const open = BODY_OPEN.exec(first)!;
  const parts = members.map((member, index) => {
    const bodyOpen = BODY_OPEN.exec(member.html)!;
    const rest = member.html.slice(bodyOpen.index + bodyOpen[0].length);
    const body = rest.slice(0, rest.search(BODY_CLOSE));
    return `<article data-print-part="${index}" style="page: ${PART_PAGE_PREFIX}${index}">${body}</article>`;
  });
  return `${first.slice(0, open.index + open[0].length)}${parts.join('')}</body></html>`;
}

/** Each part's own footer, for the page counts given. */
export function partFootersCss(members: readonly GroupMember[], pages: ReadonlyArray<{ first: number; count: number }>): string {
  return members.map((member, index) => groupFooterCss(member.options.footer, member.options, { pageName: `${PART_PAGE_PREFIX}${index}`, ...pages[index] })).join('\n');
}
