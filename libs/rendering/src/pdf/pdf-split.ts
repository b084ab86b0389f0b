import { PDFArray, PDFBool, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFObjectCopier, PDFRef, ParseSpeeds, PDFString, type PDFContext, type PDFObject } from 'pdf-lib';
import { applyMetadata, type PdfMetadata } from './pdf-metadata';

/**
 * pdf-lib parses and writes in slices of 50-100 objects with a timer between them; a
 * group print has thousands (the structure tree), so on a busy event loop the file waits
 * far longer between slices than it takes to parse. Object streams are left out for the
 * same reason: deflating them costs more than the bytes they save on an invoice.
 */
const WHOLE = Number.POSITIVE_INFINITY;

export interface PrintPart {
  /** 0-based index of the part's first page in the group print, and its page count. */
  readonly first: number;
  readonly count: number;
  readonly metadata: PdfMetadata;
}

/**
 * Cuts a group print (see print-group.ts) into one tagged PDF per document.
 *
 * A library split (`copyPages` into a new document) is not enough: it copies pages and
 * what they reference, but the structure tree hangs off the catalog, not the pages, so
 * every part would come out untagged, which screen readers and PDF/UA checks reject.
 * Copying the tree naively is no better: every element points to its parent (`/P`) and
 * its pages (`/Pg`), so a copier that follows references drags in the whole group's tree
 * and every page. So the tree is rebuilt here by hand: the document's `/Art` subtree is
 * cloned element by element with `/P` pointing to the new parents and `/Pg` to the
 * part's copies of its pages, under a new `/Document` element carrying the part's
 * language; the ParentTree (marked content and annotations back to their elements) is
 * rebuilt for the part's pages with fresh keys; RoleMap is kept and MarkInfo says
 * Marked. A reference to a page outside the part fails the split, and with it the group
 * (whose documents are then printed one by one), rather than producing a wrong file.
 */
/** Loads a group print once, for `partPagesOf` and `splitTaggedPrint`. */
export function loadGroupPrint(printed: Uint8Array): Promise<PDFDocument> {
  return PDFDocument.load(printed, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
}

/**
 * Where each document's pages are in the tagged print, read from the print itself: a
 * part starts on the first page its `/Art` subtree marks content on and runs to the next
 * part's start. Throws when that cannot be told (a document without any content).
 */
export function partPagesOf(source: PDFDocument, parts: number): Array<{ first: number; count: number }> {
  const tree = readStructure(source);
  if (tree.articles.length !== parts) throw new Error(`the group print has ${tree.articles.length} document elements for ${parts} documents`);
  const pageIndex = new Map(source.getPages().map((page, index) => [page.ref.toString(), index]));
  const starts = tree.articles.map((article) => {
    let first = Number.POSITIVE_INFINITY;
    const seen = new Set<PDFObject>();
    const walk = (node: PDFObject | undefined): void => {
      const value = node === undefined ? undefined : source.context.lookup(node);
      if (value === undefined || seen.has(value)) return;
      seen.add(value);
      if (value instanceof PDFArray) return value.asArray().forEach(walk);
      if (!(value instanceof PDFDict)) return;
      const page = value.get(PDFName.of('Pg'));
      if (page instanceof PDFRef) first = Math.min(first, pageIndex.get(page.toString()) ?? Number.POSITIVE_INFINITY);
      walk(value.get(PDFName.of('K')));
    };
    walk(article);
    return first;
  });
  const total = pageIndex.size;
  return starts.map((first, index) => {
    const next = index + 1 < starts.length ? starts[index + 1] : total;
    if (!Number.isFinite(first) || (index === 0 && first !== 0) || next <= first) throw new Error(`part ${index} of the group print has no pages of its own`);
    return { first, count: next - first };
  });
}

export async function splitTaggedPrint(source: PDFDocument, parts: readonly PrintPart[]): Promise<Array<{ bytes: Buffer; pages: number }>> {
  const pageRefs = source.getPages().map((page) => page.ref);
  const total = parts.reduce((sum, part) => sum + part.count, 0);
  if (pageRefs.length !== total) throw new Error(`the group printed ${pageRefs.length} pages, its parts ${total}`);
  const tree = readStructure(source);
  if (tree.articles.length !== parts.length) throw new Error(`the group print has ${tree.articles.length} document elements for ${parts.length} documents`);
  const results: Array<{ bytes: Buffer; pages: number }> = [];
  for (const [index, part] of parts.entries()) {
    results.push(await splitPart(source, tree, tree.articles[index], pageRefs.slice(part.first, part.first + part.count), part.metadata));
  }
  return results;
}

interface SourceStructure {
  root: PDFDict;
  articles: PDFRef[];
  /** ParentTree entries by key: an array of elements by MCID for a page, an element for an annotation. */
  parentTree: Map<number, PDFObject>;
}

function readStructure(source: PDFDocument): SourceStructure {
  const context = source.context;
  const root = source.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  if (!root) throw new Error('the group print is not tagged');
  const top = context.lookup(root.get(PDFName.of('K')));
  const documentElement = top instanceof PDFArray && top.size() === 1 ? context.lookup(top.get(0)) : top;
  if (!(documentElement instanceof PDFDict) || nameOf(documentElement, 'S') !== 'Document') throw new Error('the structure tree has no Document element');
  const articles = kidsOf(documentElement).filter((kid): kid is PDFRef => kid instanceof PDFRef && nameOf(context.lookup(kid) as PDFDict, 'S') === 'Art');
  const parentTree = new Map<number, PDFObject>();
  collectNumberTree(context, root.get(PDFName.of('ParentTree')), parentTree, 0);
  return { root, articles, parentTree };
}

async function splitPart(
  source: PDFDocument,
  tree: SourceStructure,
  article: PDFRef,
  sourcePages: PDFRef[],
  metadata: PdfMetadata,
): Promise<{ bytes: Buffer; pages: number }> {
  const part = await PDFDocument.create({ updateMetadata: false });
  const context = part.context;
  const copier = PDFObjectCopier.for(source.context, context);
  const pageMap = new Map<string, PDFRef>();
  for (const [index, sourcePage] of sourcePages.entries()) {
    // Copying by reference makes every later reference to this page (an annotation's /P,
    // an element's /Pg) resolve to the same copy. The copier drops the page's /Parent.
    const copied = copier.copy(sourcePage) as PDFRef;
    pageMap.set(sourcePage.toString(), copied);
    const parent = part.catalog.insertLeafNode(copied, index);
    context.lookup(copied, PDFDict).set(PDFName.of('Parent'), parent);
  }

  const elements = new Map<string, PDFRef>();
  const pageOf = (ref: PDFObject | undefined): PDFRef => {
    const copied = ref instanceof PDFRef ? pageMap.get(ref.toString()) : undefined;
    if (!copied) throw new Error('an element of the document refers to a page of another document');
    return copied;
  };
  // A marked-content or object reference (MCR, OBJR): its page and object, never a parent.
  const cloneReference = (reference: PDFDict): PDFDict => {
    const clone = context.obj({});
    for (const [key, value] of reference.entries()) {
      const name = key.asString();
      clone.set(key, name === '/Pg' ? pageOf(value) : copier.copy(value));
    }
    return clone;
  };
  const cloneKids = (kids: PDFObject | undefined, parent: PDFRef): PDFObject | undefined => {
    if (kids === undefined) return undefined;
    if (kids instanceof PDFArray) return context.obj(kids.asArray().map((kid) => cloneKids(kid, parent)!));
    if (kids instanceof PDFNumber) return kids;
    const value = source.context.lookup(kids);
    if (!(value instanceof PDFDict)) throw new Error('unexpected kid in the structure tree');
    const isElement = value.has(PDFName.of('S'));
    if (isElement) return cloneElement(kids as PDFRef, parent);
    const reference = cloneReference(value);
    return kids instanceof PDFRef ? context.register(reference) : reference;
  };
  const cloneElement = (ref: PDFRef, parent: PDFRef): PDFRef => {
    const element = source.context.lookup(ref, PDFDict);
    const clone = context.obj({});
    const cloneRef = context.register(clone);
    elements.set(ref.toString(), cloneRef);
    for (const [key, value] of element.entries()) {
      const name = key.asString();
      if (name === '/P') clone.set(key, parent);
      else if (name === '/Pg') clone.set(key, pageOf(value));
      else if (name === '/K') clone.set(key, cloneKids(value, cloneRef)!);
      else clone.set(key, copier.copy(value));
    }
    return cloneRef;
  };

  const rootRef = context.nextRef();
  const documentElement = context.obj({ Type: 'StructElem', S: 'Document', P: rootRef, Lang: PDFString.of(metadata.lang) });
  const documentRef = context.register(documentElement);
  const articleElement = source.context.lookup(article, PDFDict);
  // The article only wrapped the document for the group print; the part's Document holds its content.
  documentElement.set(PDFName.of('K'), cloneKids(articleElement.get(PDFName.of('K')), documentRef) ?? context.obj([]));

  const nums: PDFObject[] = [];
  let nextKey = 0;
  const mapEntry = (entry: PDFObject | undefined): PDFObject => {
    const copied = entry instanceof PDFRef ? elements.get(entry.toString()) : undefined;
    return copied ?? context.obj(null);
  };
  for (const sourcePage of sourcePages) {
    const page = context.lookup(pageMap.get(sourcePage.toString())!, PDFDict);
    const key = page.get(PDFName.of('StructParents'));
    if (key instanceof PDFNumber) {
      const entry = source.context.lookup(tree.parentTree.get(key.asNumber()));
      const mapped = entry instanceof PDFArray ? context.obj(entry.asArray().map(mapEntry)) : context.obj([]);
      page.set(PDFName.of('StructParents'), PDFNumber.of(nextKey));
      nums.push(PDFNumber.of(nextKey++), context.register(mapped));
    }
    for (const annot of page.lookupMaybe(PDFName.of('Annots'), PDFArray)?.asArray() ?? []) {
      const annotation = context.lookup(annot);
      if (!(annotation instanceof PDFDict)) continue;
      const annotKey = annotation.get(PDFName.of('StructParent'));
      if (!(annotKey instanceof PDFNumber)) continue;
      annotation.set(PDFName.of('StructParent'), PDFNumber.of(nextKey));
      nums.push(PDFNumber.of(nextKey++), mapEntry(tree.parentTree.get(annotKey.asNumber())));
    }
  }

  const root = context.obj({
    Type: 'StructTreeRoot',
    K: documentRef,
    ParentTree: context.register(context.obj({ Nums: context.obj(nums) })),
    ParentTreeNextKey: nextKey,
  });
  for (const key of ['RoleMap', 'ClassMap']) {
    const map = tree.root.get(PDFName.of(key));
    if (map) root.set(PDFName.of(key), copier.copy(map));
  }
  // Table cells name their headers by ID; the IDs of the part's own elements stay findable.
  const ids = new Map<string, PDFObject>();
  collectNameTree(source.context, tree.root.get(PDFName.of('IDTree')), ids, 0);
  const names = [...ids].flatMap(([id, element]) => {
    const copied = element instanceof PDFRef ? elements.get(element.toString()) : undefined;
    return copied ? [PDFString.of(id), copied] : [];
  });
  if (names.length > 0) root.set(PDFName.of('IDTree'), context.obj({ Names: context.obj(names) }));
  context.assign(rootRef, root);
  part.catalog.set(PDFName.of('StructTreeRoot'), rootRef);
  part.catalog.set(PDFName.of('MarkInfo'), context.obj({ Marked: PDFBool.True }));
  applyMetadata(part, metadata);
  return { bytes: Buffer.from(await part.save({ useObjectStreams: false, objectsPerTick: WHOLE })), pages: sourcePages.length };
}

function kidsOf(element: PDFDict): PDFObject[] {
  const kids = element.get(PDFName.of('K'));
  return kids instanceof PDFArray ? kids.asArray() : kids ? [kids] : [];
}

function nameOf(dict: PDFDict | undefined, key: string): string | undefined {
  const value = dict?.get(PDFName.of(key));
  return value instanceof PDFName ? value.decodeText() : undefined;
}

/** Number trees are flat in Chromium's output, but may have Kids in general (ISO 32000-1 §7.9.7). */
function collectNumberTree(context: PDFContext, node: PDFObject | undefined, into: Map<number, PDFObject>, depth: number): void {
  const dict = node === undefined ? undefined : context.lookup(node);
  if (!(dict instanceof PDFDict) || depth > 32) return;
  const nums = dict.lookupMaybe(PDFName.of('Nums'), PDFArray)?.asArray() ?? [];
  for (let i = 0; i + 1 < nums.length; i += 2) {
    const key = nums[i];
    if (key instanceof PDFNumber) into.set(key.asNumber(), nums[i + 1]);
  }
  for (const kid of dict.lookupMaybe(PDFName.of('Kids'), PDFArray)?.asArray() ?? []) collectNumberTree(context, kid, into, depth + 1);
}

function collectNameTree(context: PDFContext, node: PDFObject | undefined, into: Map<string, PDFObject>, depth: number): void {
  const dict = node === undefined ? undefined : context.lookup(node);
  if (!(dict instanceof PDFDict) || depth > 32) return;
  const names = dict.lookupMaybe(PDFName.of('Names'), PDFArray)?.asArray() ?? [];
  for (let i = 0; i + 1 < names.length; i += 2) {
    const key = names[i];
    if (key instanceof PDFString || key instanceof PDFHexString) into.set(key.decodeText(), names[i + 1]);
  }
  for (const kid of dict.lookupMaybe(PDFName.of('Kids'), PDFArray)?.asArray() ?? []) collectNameTree(context, kid, into, depth + 1);
}
