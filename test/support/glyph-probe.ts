import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, type Browser, type CDPSession, type Page } from 'puppeteer';
import type { Protocol } from 'puppeteer';
import { isAllowedResourceUrl } from '../../libs/rendering/src';
import { CHROMIUM_ARGS } from '../../libs/rendering/src/pdf/chromium-launch';
import { FontCoverage, needsGlyph, type UsedFont } from './font-coverage';

/** A character Chromium drew with a font that has no glyph for it: an empty box on the page. */
export interface MissingGlyph {
  readonly char: string;
  /** `U+E000`. */
  readonly codePoint: string;
  /** The fonts Chromium used for the text the character is in; none of them maps it. */
  readonly fonts: readonly string[];
  /** The text around it, to find it in the picture. */
  readonly context: string;
}

export interface GlyphReport {
  readonly missing: readonly MissingGlyph[];
  /** Web fonts (brand fonts inlined as `data:`) fontconfig cannot describe, so nothing here vouches for them. */
  readonly unverifiableFonts: readonly string[];
  /** Every distinct character that needed a glyph and was checked. */
  readonly checked: ReadonlySet<string>;
  /** PostScript name → glyphs Chromium drew with it, over the whole document. */
  readonly fontsUsed: ReadonlyMap<string, number>;
}

export interface DocumentDefaults {
  readonly lang: string;
  readonly dir: string;
  readonly fontStack: string;
}

/** Elements whose text is never laid out as document text. */
const UNRENDERED_PARENTS = new Set(['HEAD', 'TITLE', 'STYLE', 'SCRIPT', 'NOSCRIPT', 'TEMPLATE']);
const CONTEXT_CHARS = 60;

/**
 * One headless Chromium for inspecting and photographing documents, hardened like the
 * PDF engine's (same switches, no network, no JavaScript in the document). `env` lets a
 * test point fontconfig elsewhere to simulate a host without the fonts we rely on.
 */
export class GlyphBrowser {
  private constructor(
    private readonly browser: Browser,
    private readonly userDataDir: string,
  ) {}

  static async launch(executablePath: string, env: Record<string, string> = {}): Promise<GlyphBrowser> {
    const userDataDir = await mkdtemp(join(tmpdir(), 'ccm-glyph-chromium-'));
    const browser = await launch({
      executablePath,
      headless: true,
      userDataDir,
      args: [...CHROMIUM_ARGS],
      env: { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: userDataDir, ...env },
    }).catch(async (error: unknown) => {
      await rm(userDataDir, { recursive: true, force: true });
      throw error;
    });
    return new GlyphBrowser(browser, userDataDir);
  }

  /**
   * Loads the HTML the way the PDF engine does (setContent, scripts off, only inline
   * resources) into a fresh page; `defaults` replays what the engine adds before
   * printing (the language's font stack, `lang`, `dir`) so fonts resolve identically.
   */
  async open(html: string, options: { media: 'screen' | 'print'; width: number; deviceScaleFactor?: number; defaults?: DocumentDefaults }): Promise<Page> {
    const page = await this.browser.newPage();
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      if (request.isInterceptResolutionHandled()) return;
      if (isAllowedResourceUrl(request.url())) request.continue().catch(() => undefined);
      else request.abort('aborted').catch(() => undefined);
    });
    await page.setViewport({ width: options.width, height: 800, deviceScaleFactor: options.deviceScaleFactor ?? 1 });
    await page.emulateMediaType(options.media);
    await page.setContent(html, { waitUntil: 'load' });
    if (options.defaults) await page.evaluate(applyDefaults, options.defaults);
    return page;
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => this.browser.process()?.kill('SIGKILL'));
    await rm(this.userDataDir, { recursive: true, force: true, maxRetries: 5 }).catch(() => undefined);
  }
}

/** Runs in the page: mirrors the PDF engine's document defaults (its own values win). */
function applyDefaults(defaults: { lang: string; dir: string; fontStack: string }): void {
  const root = document.documentElement;
  if (!root.getAttribute('lang')) root.setAttribute('lang', defaults.lang);
  if (!root.getAttribute('dir')) root.setAttribute('dir', defaults.dir);
  const style = document.createElement('style');
  style.textContent = `:where(html) { font-family: ${defaults.fontStack}; }`;
  (document.head ?? root).prepend(style);
}

/**
 * Asks Chromium which fonts it drew every text node with (DevTools
 * `CSS.getPlatformFontsForNode`) and checks each character against those fonts' real
 * character maps. A character no font covers is drawn as the primary font's .notdef
 * glyph and still reported under that font, so glyph counts alone never reveal it;
 * the character map does. Chromium only falls back to .notdef when no installed font
 * has the character, so if any font it used for a node maps the character, that font
 * drew it.
 */
export async function inspectGlyphs(page: Page, coverage: FontCoverage): Promise<GlyphReport> {
  const cdp = await page.createCDPSession();
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const textNodes: Array<{ node: Protocol.DOM.Node; parentId: number }> = [];
    collectTextNodes(root, undefined, textNodes);

    const transforms = new Map<number, Promise<string>>();
    const missing = new Map<string, MissingGlyph>();
    const unverifiable = new Set<string>();
    const checked = new Set<string>();
    const fontsUsed = new Map<string, number>();

    await Promise.all(textNodes.map(async ({ node, parentId }) => {
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId: node.nodeId });
      // No fonts: the node has no layout (display: none, such as an email's preheader).
      if (fonts.length === 0) return;
      for (const font of fonts) {
        const name = font.postScriptName || font.familyName;
        fontsUsed.set(name, (fontsUsed.get(name) ?? 0) + font.glyphCount);
      }
      if (!transforms.has(parentId)) transforms.set(parentId, textTransformOf(cdp, parentId));
      const text = applyTextTransform(node.nodeValue, await transforms.get(parentId)!);
      for (const char of new Set(text)) {
        if (!needsGlyph(char)) continue;
        checked.add(char);
        const verdict = drawable(char, fonts, coverage);
        if (verdict === 'unknown') fonts.filter((f) => f.isCustomFont).forEach((f) => unverifiable.add(f.familyName));
        if (verdict === false && !missing.has(char)) {
          missing.set(char, {
            char,
            codePoint: codePointOf(char),
            fonts: fonts.map((f) => f.postScriptName || f.familyName),
            context: excerpt(node.nodeValue, char),
          });
        }
      }
    }));
    return { missing: [...missing.values()], unverifiableFonts: [...unverifiable], checked, fontsUsed };
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

function collectTextNodes(node: Protocol.DOM.Node, parent: Protocol.DOM.Node | undefined, out: Array<{ node: Protocol.DOM.Node; parentId: number }>): void {
  if (node.nodeType === 3) {
    if (parent && node.nodeValue.trim() !== '') out.push({ node, parentId: parent.nodeId });
    return;
  }
  if (node.nodeType === 1 && UNRENDERED_PARENTS.has(node.nodeName.toUpperCase())) return;
  for (const child of node.children ?? []) collectTextNodes(child, node, out);
  if (node.contentDocument) collectTextNodes(node.contentDocument, undefined, out);
}

async function textTransformOf(cdp: CDPSession, nodeId: number): Promise<string> {
  const { computedStyle } = await cdp.send('CSS.getComputedStyleForNode', { nodeId });
  return computedStyle.find((property) => property.name === 'text-transform')?.value ?? 'none';
}

/** The characters actually drawn: `text-transform: uppercase` draws other code points than the DOM holds. */
function applyTextTransform(text: string, transform: string): string {
  if (transform === 'uppercase') return text.toUpperCase();
  if (transform === 'lowercase') return text.toLowerCase();
  if (transform === 'capitalize') return text + text.toUpperCase();
  return text;
}

/**
 * HarfBuzz decomposes a precomposed letter the font lacks into base and marks it has,
 * so such a letter still gets drawn.
 */
function drawable(char: string, fonts: readonly UsedFont[], coverage: FontCoverage): boolean | 'unknown' {
  const codePoint = char.codePointAt(0)!;
  let unknown = false;
  for (const font of fonts) {
    const covered = coverage.covers(font, codePoint);
    if (covered) return true;
    if (covered === undefined) unknown = true;
  }
  const parts = [...char.normalize('NFD')].filter(needsGlyph);
  if (parts.length > 1 && fonts.some((font) => parts.every((part) => coverage.covers(font, part.codePointAt(0)!)))) return true;
  return unknown ? 'unknown' : false;
}

export function codePointOf(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

function excerpt(text: string, char: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const at = flat.indexOf(char);
  const start = Math.max(0, at - CONTEXT_CHARS / 2);
  return (start > 0 ? '…' : '') + flat.slice(start, start + CONTEXT_CHARS) + (start + CONTEXT_CHARS < flat.length ? '…' : '');
}

/** One line per missing character, for a failure message a person can act on. */
export function describeMissing(missing: readonly MissingGlyph[]): string {
  return missing.map((m) => `${m.codePoint} "${m.char}" (fonts used: ${m.fonts.join(', ')}) in "${m.context}"`).join('\n');
}
