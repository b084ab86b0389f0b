import { LintFinding, lintError } from './lint-finding';
import type { TemplateSource } from './template-sources';

/*
 * The email and PDF renderers load nothing from outside the message: email
 * clients block or strip scripts, frames and remote content, and the PDF
 * engine runs without network or filesystem. Markup that relies on them is
 * still an error at submit, so a reviewer is never asked to approve it.
 *
 * Links are not resources: an `href` on `<a>`, `<mj-button>` and the like is a
 * place the reader may go (the platform's own pay and ask links among them,
 * written `{{actions.payUrl}}`), so only `href` that loads something —
 * `<link>` stylesheets, `<mj-font>` and SVG's `<image>`, `<use>` and
 * `<feImage>` — counts. Images and fonts travel inside the message as data:
 * URIs the platform itself prints: `{{asset "name"}}` and the pay link's QR
 * code `{{actions.payQrSvg}}`. Anything else printed where a resource is
 * loaded (`src="{{customer.photo}}"`) is refused: the document's data could
 * make it any remote address, a tracking pixel among them.
 */

/** Elements that run code or embed another document. */
const EMBEDDING = /<(script|iframe|frame|object|embed)\b/gi;
/** Attributes whose URL is fetched as part of the page, with a remote (`http:`, `https:`, `//`) or local (`file:`) URL. */
// Each run of spaces has one way to match (`\s*(?:["']\s*)?`, not `\s*["']?\s*`): these run over the author's text.
const URL_ATTRIBUTE = /\b(src|srcset|href|background|background-url|poster|data)\s*=\s*(?:["']\s*)?((?:https?:)?\/\/|file:)/gi;
const CSS_URL = /url\(\s*(?:["']\s*)?((?:https?:)?\/\/|file:)/gi;
const CSS_IMPORT = /@import\b/gi;
/** The same attributes when their value starts with printed values (`src="{{…}}"`): the run of tags is captured. */
const PRINTED_URL_ATTRIBUTE = /\b(src|srcset|href|background|background-url|poster|data)\s*=\s*(?:["']\s*)?((?:\{\{[^}]*\}\}\s*)+)/gi;
const PRINTED_CSS_URL = /url\(\s*(?:["']\s*)?((?:\{\{[^}]*\}\}\s*)+)/gi;
const TAG = /\{\{([^}]*)\}\}/g;
/** Where `href` fetches rather than navigates. */
const FETCHING_HREF = new Set(['link', 'mj-font', 'image', 'use', 'feimage']);

/** The HTML sources among `sources` (email MJML, PDF HTML, block `mjml`/`html`), each finding at its line. */
export function markupRules(sources: ReadonlyArray<Pick<TemplateSource, 'pointer' | 'source' | 'escape'>>): LintFinding[] {
  const findings: LintFinding[] = [];
  for (const { pointer, source, escape } of sources) {
    if (escape !== 'html') continue;
    const at = (index: number, rule: string, message: string) => {
      const { line, column } = positionOf(source, index);
      findings.push(lintError(rule, pointer, `${message} (line ${line}, column ${column})`, { line, column }));
    };
    for (const match of source.matchAll(EMBEDDING)) {
      const element = match[1].toLowerCase();
      at(
        match.index,
        element === 'script' ? 'markup-script' : 'markup-embedded-document',
        element === 'script'
          ? '<script> is not allowed: email clients never run it and the PDF renderer blocks it'
          : `<${element}> is not allowed: it embeds another document (a file:// one reads the reader's own disk), which email clients block and the PDF renderer refuses`,
      );
    }
    for (const match of source.matchAll(URL_ATTRIBUTE)) {
      const attribute = match[1].toLowerCase();
      const local = match[2].toLowerCase() === 'file:';
      if (attribute === 'href' && !local && !FETCHING_HREF.has(elementAt(source, match.index))) continue;
      at(match.index, 'external-resource', `${attribute}= loads ${local ? 'a local file://' : 'a remote'} resource, which the renderers block: inline images and fonts with {{asset "name"}}`);
    }
    for (const match of source.matchAll(PRINTED_URL_ATTRIBUTE)) {
      const attribute = match[1].toLowerCase();
      if (attribute === 'href' && !FETCHING_HREF.has(elementAt(source, match.index))) continue;
      const printed = printedFromData(match[2]);
      if (printed) at(match.index, 'external-resource', `${attribute}= loads {{${printed}}}, a URL from the document's data that could be any remote address: only {{asset "name"}} and {{actions.payQrSvg}} may be loaded`);
    }
    for (const match of source.matchAll(PRINTED_CSS_URL)) {
      const printed = printedFromData(match[1]);
      if (printed) at(match.index, 'external-resource', `CSS url() loads {{${printed}}}, a URL from the document's data that could be any remote address: only {{asset "name"}} may be loaded`);
    }
    for (const match of source.matchAll(CSS_URL)) {
      at(match.index, 'external-resource', `CSS url() loads ${match[1].toLowerCase() === 'file:' ? 'a local file://' : 'a remote'} resource, which the renderers block: inline it with {{asset "name"}}`);
    }
    for (const match of source.matchAll(CSS_IMPORT)) {
      at(match.index, 'external-resource', '@import loads another stylesheet, which email clients ignore and the renderers block: put the styles in the template');
    }
  }
  return findings;
}

/**
 * The first value in a run of tags that is printed from data rather than by the
 * platform as a data: URI (`asset`, `actions.payQrSvg`). Block tags (`#if`,
 * `else`, `/if`) and comments print nothing themselves and are passed over.
 */
function printedFromData(tags: string): string | undefined {
  for (const [, inner] of tags.matchAll(TAG)) {
    const expression = inner.replace(/^[~{&]+|[~}]+$/g, '').trim();
    if (/^(?:[#/^!]|else\b)/.test(expression)) continue;
    if (/^asset\s/.test(expression) || expression === 'actions.payQrSvg') continue;
    return expression;
  }
  return undefined;
}

/** The name of the element whose tag holds `index`. */
function elementAt(source: string, index: number): string {
  const open = source.lastIndexOf('<', index);
  return /^<([a-zA-Z][\w:-]*)/.exec(source.slice(open, open + 64))?.[1].toLowerCase() ?? '';
}

function positionOf(source: string, index: number): { line: number; column: number } {
  const before = source.slice(0, index);
  return { line: before.split('\n').length, column: index - before.lastIndexOf('\n') };
}
