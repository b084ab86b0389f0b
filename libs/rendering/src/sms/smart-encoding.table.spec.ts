import { isGsm7Text } from './gsm7.charset';
import { SMART_ENCODING_REPLACEMENTS, replaceTypographicCharacters } from './smart-encoding.table';

describe('smart encoding table', () => {
  it('only replaces characters GSM-7 cannot carry, and only with characters it can', () => {
    for (const [from, to] of SMART_ENCODING_REPLACEMENTS) {
      expect({ from, gsm7: isGsm7Text(from) }).toEqual({ from, gsm7: false });
      expect({ to, gsm7: isGsm7Text(to) }).toEqual({ to, gsm7: true });
    }
  });

  it('maps the usual typographic characters to what a reader takes for the same', () => {
    const { text } = replaceTypographicCharacters('‘a’ “b” c–d e—f g… h\u00a0i j\u202fk • l ½ ＡＢＣ１２３');
    expect(text).toBe('\'a\' "b" c-d e-f g... h i j k - l 1/2 ABC123');
  });

  it('reports each replaced character once, with its count, in order of first occurrence', () => {
    const { replaced } = replaceTypographicCharacters('“a” “b” — c’s');
    expect(replaced).toEqual([
      { from: '“', to: '"', count: 2 },
      { from: '”', to: '"', count: 2 },
      { from: '—', to: '-', count: 1 },
      { from: '’', to: "'", count: 1 },
    ]);
  });

  it('leaves emoji sequences, accented letters and Arabic shaping marks alone', () => {
    const text = 'ç ã 👨‍👩‍👧 می‌خواهم';
    expect(replaceTypographicCharacters(text)).toEqual({ text, replaced: [] });
  });
});
