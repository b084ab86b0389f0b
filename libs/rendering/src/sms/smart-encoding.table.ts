/**
 * Typographic characters that word processors, CMS editors and phones put into
 * text, with the GSM-7 characters a reader takes for the same thing. One curly
 * quote is enough to send a whole message as UCS-2 (70 instead of 160
 * characters per segment), so replacing them can divide the cost of a message.
 *
 * Deliberately absent: letters with accents outside GSM-7 (ç, á, ã…), whose
 * replacement would change names and words, not just typography; and the zero
 * width joiner and non-joiner, which hold emoji sequences together and shape
 * Persian and Arabic words.
 */
const TYPOGRAPHIC_REPLACEMENTS: ReadonlyArray<readonly [string, string]> = [
  // Double quotation marks
  ['\u201c', '"'], // “ left double quotation mark
  ['\u201d', '"'], // ” right double quotation mark
  ['\u201e', '"'], // „ double low-9 quotation mark
  ['\u201f', '"'], // ‟ double high-reversed-9 quotation mark
  ['\u00ab', '"'], // « left-pointing double angle quotation mark
  ['\u00bb', '"'], // » right-pointing double angle quotation mark
  ['\u2033', '"'], // ″ double prime
  ['\u02ba', '"'], // ʺ modifier letter double prime
  ['\u301d', '"'], // 〝 reversed double prime quotation mark
  ['\u301e', '"'], // 〞 double prime quotation mark
  // Single quotation marks and apostrophes
  ['\u2018', "'"], // ‘ left single quotation mark
  ['\u2019', "'"], // ’ right single quotation mark (also the typographic apostrophe)
  ['\u201a', "'"], // ‚ single low-9 quotation mark
  ['\u201b', "'"], // ‛ single high-reversed-9 quotation mark
  ['\u2032', "'"], // ′ prime
  ['\u02bc', "'"], // ʼ modifier letter apostrophe
  ['\u02bb', "'"], // ʻ modifier letter turned comma
  ['\u00b4', "'"], // ´ acute accent
  ['\u0060', "'"], // ` grave accent (not in GSM-7)
  ['\u2039', '<'], // ‹ single left-pointing angle quotation mark
  ['\u203a', '>'], // › single right-pointing angle quotation mark
  // Dashes and hyphens
  ['\u2010', '-'], // ‐ hyphen
  ['\u2011', '-'], // ‑ non-breaking hyphen
  ['\u2012', '-'], // ‒ figure dash
  ['\u2013', '-'], // – en dash
  ['\u2014', '-'], // — em dash
  ['\u2015', '-'], // ― horizontal bar
  ['\u2212', '-'], // − minus sign
  ['\ufe58', '-'], // ﹘ small em dash
  ['\ufe63', '-'], // ﹣ small hyphen-minus
  // Bullets
  ['\u2022', '-'], // • bullet
  ['\u2023', '-'], // ‣ triangular bullet
  ['\u2043', '-'], // ⁃ hyphen bullet
  ['\u2219', '-'], // ∙ bullet operator
  ['\u25e6', '-'], // ◦ white bullet
  ['\u00b7', '-'], // · middle dot
  // Ellipsis and other punctuation
  ['\u2026', '...'], // … horizontal ellipsis
  ['\u203c', '!!'], // ‼ double exclamation mark
  ['\u2044', '/'], // ⁄ fraction slash
  ['\u2215', '/'], // ∕ division slash
  ['\u00f7', '/'], // ÷ division sign
  ['\u00d7', 'x'], // × multiplication sign
  ['\u2017', '_'], // ‗ double low line
  ['\u02c6', '^'], // ˆ modifier letter circumflex accent
  ['\u02dc', '~'], // ˜ small tilde
  ['\u223c', '~'], // ∼ tilde operator
  ['\u3001', ','], // 、 ideographic comma
  ['\u3002', '.'], // 。 ideographic full stop
  // Vulgar fractions
  ['\u00bc', '1/4'], // ¼
  ['\u00bd', '1/2'], // ½
  ['\u00be', '3/4'], // ¾
  // Spaces: rendered as a plain space by every handset
  ['\u00a0', ' '], // no-break space
  ['\u2000', ' '], // en quad
  ['\u2001', ' '], // em quad
  ['\u2002', ' '], // en space
  ['\u2003', ' '], // em space
  ['\u2004', ' '], // three-per-em space
  ['\u2005', ' '], // four-per-em space
  ['\u2006', ' '], // six-per-em space
  ['\u2007', ' '], // figure space
  ['\u2008', ' '], // punctuation space
  ['\u2009', ' '], // thin space
  ['\u200a', ' '], // hair space
  ['\u202f', ' '], // narrow no-break space
  ['\u205f', ' '], // medium mathematical space
  ['\u3000', ' '], // ideographic space
  ['\t', ' '], // tab: not in GSM-7, and handsets render it inconsistently
  // Line and paragraph separators: a line break is what the author meant
  ['\u2028', '\n'],
  ['\u2029', '\n'],
  // Invisible characters: carry nothing a reader sees
  ['\u00ad', ''], // soft hyphen
  ['\u200b', ''], // zero width space
  ['\u2060', ''], // word joiner
  ['\ufeff', ''], // zero width no-break space / byte order mark
];

/** Offset between the fullwidth forms U+FF01–U+FF5E and ASCII U+0021–U+007E. */
const FULLWIDTH_OFFSET = 0xfee0;
const FULLWIDTH_FIRST = 0xff01;
const FULLWIDTH_LAST = 0xff5e;

function fullwidthReplacements(): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let code = FULLWIDTH_FIRST; code <= FULLWIDTH_LAST; code += 1) {
    const ascii = String.fromCharCode(code - FULLWIDTH_OFFSET);
    // U+FF40 maps to a backtick, itself not GSM-7: follow the backtick's own rule.
    pairs.push([String.fromCharCode(code), ascii === '`' ? "'" : ascii]);
  }
  return pairs;
}

/**
 * Every replacement smart encoding may make. Each key is a character outside
 * GSM-7; each value is made only of GSM-7 characters (both checked by tests).
 */
export const SMART_ENCODING_REPLACEMENTS: ReadonlyMap<string, string> = new Map([
  ...TYPOGRAPHIC_REPLACEMENTS,
  ...fullwidthReplacements(),
]);

export interface SmsReplacement {
  readonly from: string;
  readonly to: string;
  readonly count: number;
}

/** Applies every replacement of the table and reports what changed, in order of first occurrence. */
export function replaceTypographicCharacters(text: string): {
  readonly text: string;
  readonly replaced: readonly SmsReplacement[];
} {
  const counts = new Map<string, number>();
  let result = '';
  for (const character of text) {
    const replacement = SMART_ENCODING_REPLACEMENTS.get(character);
    if (replacement === undefined) {
      result += character;
    } else {
      result += replacement;
      counts.set(character, (counts.get(character) ?? 0) + 1);
    }
  }
  const replaced = [...counts].map(([from, count]) => ({
    from,
    to: SMART_ENCODING_REPLACEMENTS.get(from) as string,
    count,
  }));
  return { text: result, replaced };
}
