import { ChromiumPdfEngine, resolveChromiumExecutable } from '../libs/rendering/src';
import { BuiltInRenditions } from './support/built-in-renditions';
import { LOCALE_TAGS, type Language } from './support/fixtures';
import { pdfTableCells } from './support/pdf-table-cells';

/**
 * WCAG H63: a screen reader announces a table cell with its header only when the header
 * cell says what it heads. In a tagged PDF that is the TH's Scope and the TD's Headers,
 * which Chromium writes from `<th scope>`; label cells written as `<td>` head nothing.
 */
const TEMPLATES = ['invoice', 'payment-confirmation', 'service-update'] as const;
const LANGUAGES: readonly Language[] = ['en', 'ar', 'zh'];

let engine: ChromiumPdfEngine;
let renditions: BuiltInRenditions;

beforeAll(async () => {
  engine = new ChromiumPdfEngine({ executablePath: await resolveChromiumExecutable(process.env.CHROMIUM_PATH || undefined) });
  renditions = await BuiltInRenditions.load(engine);
});

afterAll(() => engine?.close());

describe.each(TEMPLATES)('%s PDF tables', (key) => {
  it.each(LANGUAGES)('%s: every header cell has a scope and every data cell is read with its header', async (language) => {
    const context = await renditions.context(key, renditions.sampleFor(key, language), LOCALE_TAGS[language]);
    const cells = await pdfTableCells((await renditions.renderPdf(key, context)).bytes);
    const headers = cells.filter((cell) => cell.role === 'TH');
    expect(headers.length).toBeGreaterThan(0);
    expect(headers.filter((cell) => cell.scope !== 'Row' && cell.scope !== 'Column')).toEqual([]);
    expect(cells.filter((cell) => cell.role === 'TD' && !cell.hasHeaders)).toEqual([]);
    if (key === 'invoice') expect(headers.filter((cell) => cell.scope === 'Column')).toHaveLength(4);
  });
});
