/**
 * Markup a helper built itself (a data URI, a catalog
 * message escaped as a whole): the merge writes it into HTML as it is, where a
 * plain string would be escaped.
 */
export class TrustedHtml {
  constructor(readonly html: string) {}

  toString(): string {
    return this.html;
  }
}

const HTML_SPECIAL = /[&<>"'`=]/;
const HTML_SPECIALS = /[&<>"'`=]/g;
const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#x27;',
  '`': '&#x60;',
  '=': '&#x3D;',
};

/** Escapes text for HTML exactly as Handlebars does, so templates keep the output they always had. */
export function escapeHtml(text: string): string {
  return HTML_SPECIAL.test(text) ? text.replace(HTML_SPECIALS, (char) => ENTITIES[char]) : text;
}
