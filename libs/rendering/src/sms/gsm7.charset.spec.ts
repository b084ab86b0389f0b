import {
  GSM7_BASIC_CHARACTERS,
  GSM7_EXTENSION_CHARACTERS,
  gsm7SeptetCount,
  gsm7Septets,
  isGsm7Text,
} from './gsm7.charset';

describe('GSM 03.38 character set', () => {
  it('has the 127 characters of the default alphabet (128 septets minus the escape), each once', () => {
    expect(GSM7_BASIC_CHARACTERS).toHaveLength(127);
    expect(new Set(GSM7_BASIC_CHARACTERS).size).toBe(127);
  });

  it.each([
    ['@', 0x00],
    ['£', 0x01],
    ['$', 0x02],
    ['¥', 0x03],
    ['Ç', 0x09],
    ['\n', 0x0a],
    ['\r', 0x0d],
    ['Δ', 0x10],
    ['_', 0x11],
    ['Ξ', 0x1a],
    ['É', 0x1f],
    [' ', 0x20],
    ['¤', 0x24],
    ['¡', 0x40],
    ['A', 0x41],
    ['Ä', 0x5b],
    ['§', 0x5f],
    ['¿', 0x60],
    ['a', 0x61],
    ['ü', 0x7e],
    ['à', 0x7f],
  ])('encodes %j as the single septet 0x%s', (character, septet) => {
    expect(gsm7Septets(character)).toEqual([septet]);
    expect(gsm7SeptetCount(character)).toBe(1);
  });

  it.each([
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
  ])('encodes the extension character %j as escape + 0x%s, two septets', (character, septet) => {
    expect(gsm7Septets(character)).toEqual([0x1b, septet]);
    expect(gsm7SeptetCount(character)).toBe(2);
  });

  it('lists exactly the ten extension characters carriers accept', () => {
    expect([...GSM7_EXTENSION_CHARACTERS].sort()).toEqual(['\f', '^', '{', '}', '\\', '[', '~', ']', '|', '€'].sort());
  });

  it.each(['ç', 'á', 'ã', '`', '’', '“', '—', '…', '\t', '\u00a0', 'ب', '发', '😀', '\u001b'])(
    'does not carry %j in GSM-7',
    (character) => {
      expect(gsm7Septets(character)).toBeUndefined();
      expect(isGsm7Text(`Invoice ${character} due`)).toBe(false);
    },
  );

  it('accepts a text made only of basic and extension characters', () => {
    expect(isGsm7Text('Invoice #42: €12.50 [paid] {ref|x} ~ ^ \\ Æøå ÑÜ §¿ @ 100%')).toBe(true);
    expect(isGsm7Text('')).toBe(true);
  });
});
