/**
 * The GSM 03.38 (3GPP TS 23.038) default alphabet and its extension table.
 * Only these characters can travel in a GSM-7 SMS; any other one forces the
 * whole message into UCS-2, which more than halves what a segment holds.
 */

/** Septet that announces a character from the extension table. */
export const GSM7_ESCAPE = 0x1b;

/**
 * The default alphabet, indexed by septet value. Position 0x1B is the escape,
 * not a character, so it holds a placeholder that is never looked up.
 */
const BASIC_ALPHABET =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u0000ÆæßÉ' +
  ' !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§' +
  '¿abcdefghijklmnopqrstuvwxyzäöñüà';

/**
 * Characters of the extension table, each sent as ESC + this septet, so each
 * costs two septets and the pair must stay within one segment.
 */
const EXTENSION_TABLE: ReadonlyArray<readonly [string, number]> = [
  ['\f', 0x0a],
  ['^', 0x14],
  ['{', 0x28],
  ['}', 0x29],
  ['\\', 0x2f],
  ['[', 0x3c],
  ['~', 0x3d],
  [']', 0x3e],
  ['|', 0x40],
  ['€', 0x65],
];

const BASIC = new Map<string, number>();
for (let septet = 0; septet < BASIC_ALPHABET.length; septet += 1) {
  if (septet !== GSM7_ESCAPE) BASIC.set(BASIC_ALPHABET[septet], septet);
}
const EXTENSION = new Map<string, number>(EXTENSION_TABLE);

/** The characters of the default alphabet, in septet order (escape excluded). */
export const GSM7_BASIC_CHARACTERS: readonly string[] = [...BASIC.keys()];
/** The characters of the extension table. */
export const GSM7_EXTENSION_CHARACTERS: readonly string[] = [...EXTENSION.keys()];

/**
 * The septets that encode one character (a single code point), or undefined
 * when GSM-7 cannot carry it.
 */
export function gsm7Septets(character: string): readonly number[] | undefined {
  const basic = BASIC.get(character);
  if (basic !== undefined) return [basic];
  const extension = EXTENSION.get(character);
  if (extension !== undefined) return [GSM7_ESCAPE, extension];
  return undefined;
}

/** How many septets one character costs: 1, 2, or undefined when not GSM-7. */
export function gsm7SeptetCount(character: string): 1 | 2 | undefined {
  if (BASIC.has(character)) return 1;
  if (EXTENSION.has(character)) return 2;
  return undefined;
}

/** True when every character of the text is in the basic or the extension table. */
export function isGsm7Text(text: string): boolean {
  for (const character of text) {
    if (gsm7SeptetCount(character) === undefined) return false;
  }
  return true;
}
