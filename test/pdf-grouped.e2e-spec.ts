import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, type PDFObject } from 'pdf-lib';
import { ChromiumPdfEngine, resolveChromiumExecutable, type PdfLogEntry, type PdfRenderOptions, type PdfResult } from '../libs/rendering/src';
import { BuiltInRenditions } from './support/built-in-renditions';
import { LOCALE_TAGS, type Language } from './support/fixtures';

const run = promisify(execFile);
const LANGUAGES: readonly Language[] = ['en', 'ar', 'zh'];
/** Two copies per language, so each language's documents share one print. */
const COPIES = 2;

interface Case {
  readonly marker: string;
  readonly html: string;
  readonly options: PdfRenderOptions;
}

let alone: ChromiumPdfEngine;
let grouped: ChromiumPdfEngine;
const groupLog: PdfLogEntry[] = [];
let folder: string;
let cases: Case[];
let singles: PdfResult[];
let parts: PdfResult[];

beforeAll(async () => {
  const executablePath = await resolveChromiumExecutable(process.env.CHROMIUM_PATH || undefined);
  alone = new ChromiumPdfEngine({ executablePath, maxGroupSize: 1 });
  // A long window: on a busy machine the six requests must still meet.
  grouped = new ChromiumPdfEngine({ executablePath, maxConcurrentPages: 1, groupWindowMs: 500, log: (entry) => groupLog.push(entry) });
  folder = await mkdtemp(join(tmpdir(), 'pdf-grouped-'));
  const renditions = await BuiltInRenditions.load(alone);
  cases = [];
  for (const language of LANGUAGES) {
    const context = await renditions.context('invoice', renditions.sampleFor('invoice', language), LOCALE_TAGS[language]);
    const { html, options } = await renditions.renderPdf('invoice', context);
    for (let copy = 0; copy < COPIES; copy += 1) {
      // Every document its own words, so a part showing another's text is caught.
      const marker = `COPY-${language}-${copy}`;
      // The second copy runs over three pages, so its footer counts its own pages among the others'.
      const filler = copy === 1 ? '<div style="height: 520mm"></div>' : '';
      const changed = html.replace(/<body\b[^>]*>/i, (open) => `${open}<p>${marker}</p>${filler}`);
      cases.push({ marker, html: changed, options: { ...options, title: `${options.title} ${marker}` } });
    }
  }
  singles = [];
  for (const { html, options } of cases) singles.push(await alone.render(html, options));
  parts = await Promise.all(cases.map(({ html, options }) => grouped.render(html, options)));
}, 300_000);

afterAll(async () => {
  await Promise.all([alone?.close(), grouped?.close()]);
  if (folder) await rm(folder, { recursive: true, force: true });
});

async function file(name: string, bytes: Uint8Array): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, bytes);
  return path;
}

async function pdfinfo(path: string): Promise<Record<string, string>> {
  const { stdout } = await run('pdfinfo', ['-enc', 'UTF-8', path]);
  return Object.fromEntries(stdout.split('\n').filter((line) => line.includes(':')).map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]));
}

/** Grey pixels of one page at a low resolution (PGM: a header, then a byte per pixel). */
async function grey(path: string, page: number): Promise<Buffer> {
  const out = `${path}-${page}`;
  await run('pdftoppm', ['-gray', '-r', '40', '-f', String(page), '-l', String(page), '-singlefile', path, out]);
  const pgm = await readFile(`${out}.pgm`);
  let offset = 0;
  for (let fields = 0; fields < 4; fields += 1) {
    while (/\s/.test(String.fromCharCode(pgm[offset]))) offset += 1;
    while (!/\s/.test(String.fromCharCode(pgm[offset]))) offset += 1;
  }
  return pgm.subarray(offset + 1);
}

describe('documents printed together and split', () => {
  it('grouped the documents and split every group without falling back', () => {
    expect(groupLog.filter((entry) => entry.event === 'group_print_failed')).toEqual([]);
    // The copies of one language came out of one print, so they share its time.
    for (const language of LANGUAGES) {
      const times = parts.filter((_, index) => cases[index].marker.startsWith(`COPY-${language}-`)).map((part) => part.renderMs);
      expect(new Set(times).size).toBe(1);
    }
    expect(singles.filter((single) => single.pages >= 3)).toHaveLength(LANGUAGES.length);
  });

  it('gives each part the tags, title and pages of its own single print', async () => {
    for (const [index, { marker, options }] of cases.entries()) {
      const info = await pdfinfo(await file(`${marker}.pdf`, parts[index].bytes));
      expect({ marker, tagged: info.Tagged, title: info.Title, pages: Number(info.Pages) }).toEqual({
        marker,
        tagged: 'yes',
        title: options.title,
        pages: singles[index].pages,
      });
      expect(parts[index].pages).toBe(singles[index].pages);
    }
  });

  it("holds only its own document's text", async () => {
    for (const [index, { marker }] of cases.entries()) {
      const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', await file(`${marker}-text.pdf`, parts[index].bytes), '-']);
      const others = cases.map((other) => other.marker).filter((other) => other !== marker);
      expect({ marker, own: stdout.includes(marker), others: others.filter((other) => stdout.includes(other)) }).toEqual({ marker, own: true, others: [] });
    }
  });

  it('has a structure tree that marks content on its own pages only, in its own language', async () => {
    for (const [index, { options }] of cases.entries()) {
      const document = await PDFDocument.load(parts[index].bytes, { updateMetadata: false });
      const pages = new Set(document.getPages().map((page) => page.ref.toString()));
      const root = document.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict);
      const referenced = new Set<string>();
      let elements = 0;
      const seen = new Set<PDFObject>();
      const walk = (node: PDFObject | undefined): void => {
        const value = node === undefined ? undefined : document.context.lookup(node);
        if (value === undefined || seen.has(value)) return;
        seen.add(value);
        if (value instanceof PDFArray) return value.asArray().forEach(walk);
        if (!(value instanceof PDFDict)) return;
        if (value.has(PDFName.of('S'))) elements += 1;
        const page = value.get(PDFName.of('Pg'));
        if (page instanceof PDFRef) referenced.add(page.toString());
        walk(value.get(PDFName.of('K')));
      };
      walk(root.get(PDFName.of('K')));
      expect(elements).toBeGreaterThan(10);
      expect([...referenced].filter((ref) => !pages.has(ref))).toEqual([]);
      expect(referenced.size).toBeGreaterThan(0);
      const documentElement = document.context.lookup(root.get(PDFName.of('K')), PDFDict);
      expect(documentElement.get(PDFName.of('Lang'))?.toString()).toBe(`(${options.lang})`);
      expect(document.catalog.lookup(PDFName.of('MarkInfo'), PDFDict).get(PDFName.of('Marked'))?.toString()).toBe('true');
      // Every page that carries marked content can be traced back to its elements.
      const nextKey = root.get(PDFName.of('ParentTreeNextKey'))?.toString();
      expect(Number(nextKey)).toBeGreaterThan(0);
    }
  });

  it('looks like the single print on every page, footer included', async () => {
    for (const [index, { marker }] of cases.entries()) {
      const single = await file(`${marker}-single.pdf`, singles[index].bytes);
      const part = await file(`${marker}-part.pdf`, parts[index].bytes);
      for (let page = 1; page <= singles[index].pages; page += 1) {
        const [a, b] = await Promise.all([grey(single, page), grey(part, page)]);
        expect(b.length).toBe(a.length);
        let differing = 0;
        for (let i = 0; i < a.length; i += 1) if (Math.abs(a[i] - b[i]) > 48) differing += 1;
        expect({ marker, page, differing }).toEqual({ marker, page, differing: 0 });
      }
    }
  });

  it('lets documents that wait for a busy page join one print, though each came after the window', async () => {
    const executablePath = await resolveChromiumExecutable(process.env.CHROMIUM_PATH || undefined);
    const busyEngine = new ChromiumPdfEngine({ executablePath, maxConcurrentPages: 1, groupWindowMs: 1 });
    try {
      const [en0, en1] = cases;
      const ar = cases.find((one) => one.marker.startsWith('COPY-ar-'))!;
      // A long document of another language holds the only page for a while.
      const long = ar.html.replace(/<body\b[^>]*>/i, (open) => `${open}${'<p>نص طويل يملأ الصفحات</p>'.repeat(1500)}`);
      let longDone = false;
      const longPrint = busyEngine.render(long, ar.options).finally(() => (longDone = true));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const first = busyEngine.render(en0.html, en0.options);
      // Well past the first one's window: alone on an idle engine, it would have printed by itself.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const later = [busyEngine.render(en1.html, en1.options), busyEngine.render(en0.html, { ...en0.options, title: 'Third' })];
      const submittedWhileBusy = !longDone;
      const joined = await Promise.all([first, ...later]);
      await longPrint;
      expect(submittedWhileBusy).toBe(true);
      expect(new Set(joined.map((part) => part.renderMs)).size).toBe(1);
      expect(joined.map((part) => part.pages)).toEqual([singles[0].pages, singles[1].pages, singles[0].pages]);
    } finally {
      await busyEngine.close();
    }
  }, 120_000);

  it('prints the members of a group that cannot be split one by one, each with its own result', async () => {
    const before = groupLog.length;
    const [good] = cases;
    // A document with nothing to tag has no pages of its own in the structure tree.
    const empty = good.html.replace(/(<body\b[^>]*>)[\s\S]*(<\/body\s*>)/i, '$1$2');
    const results = await Promise.all([
      grouped.render(good.html, good.options),
      grouped.render(empty, { ...good.options, title: 'Empty' }),
      grouped.render(good.html, good.options),
    ]);
    expect(groupLog.slice(before).filter((entry) => entry.event === 'group_print_failed')).toHaveLength(1);
    expect(results.map((result) => result.pages)).toEqual([singles[0].pages, 1, singles[0].pages]);
    const { stdout } = await run('pdfinfo', [await file('after-fallback.pdf', results[0].bytes)]);
    expect(stdout).toMatch(/Tagged:\s+yes/);
  }, 120_000);
});
