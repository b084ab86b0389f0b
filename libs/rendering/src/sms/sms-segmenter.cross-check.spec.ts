import { SegmentedMessage } from 'sms-segments-calculator';
import { seededRandom } from '../../../../test/support/seeded-random';
import { GSM7_BASIC_CHARACTERS, GSM7_EXTENSION_CHARACTERS } from './gsm7.charset';
import { analyzeSms } from './sms-segmenter';

/**
 * Cross-check against `sms-segments-calculator`, an independent implementation
 * of the same carrier rules. Generated texts avoid the cases where the two are
 * known to differ on purpose; those are pinned in the last block below.
 */


const BASIC = GSM7_BASIC_CHARACTERS;
const EXTENSION = GSM7_EXTENSION_CHARACTERS;
/** Characters outside GSM-7 that are each one code point and one grapheme. */
const BMP_OUTSIDE_GSM = [...'çáãõ’“”—…•ابتثجحخدذرزسشصضطظعغفقكلمنهوي您的发票金额请于月日前付款谢谢✅'];
/** Emoji outside the BMP (surrogate pairs), none of which combine with a neighbour. */
const ASTRAL = ['😀', '🎉', '📄', '💳', '🧾', '🔔', '𠀋'];
/** Lengths around every segment boundary, where mistakes show. */
const NEAR_BOUNDARIES = [68, 69, 70, 71, 72, 133, 134, 135, 152, 153, 154, 159, 160, 161, 200, 201, 202, 305, 306, 307, 458, 459, 460, 461];

function generate(random: () => number, kind: 'gsm' | 'mixed' | 'script'): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const target = random() < 0.5 ? pick(NEAR_BOUNDARIES) + Math.floor(random() * 3) - 1 : 1 + Math.floor(random() * 480);
  // A two-unit character one unit before a segment fills is the case a division gets wrong.
  const capacity = kind === 'gsm' ? 153 : 67;
  let text = '';
  let units = 0;
  while (units < target) {
    const roll = random();
    const straddle = units % capacity === capacity - 1 && roll < 0.8;
    let next: string;
    if (kind === 'gsm') next = straddle || roll < 0.12 ? pick(EXTENSION) : pick(BASIC);
    else if (kind === 'mixed') next = straddle || roll < 0.1 ? pick(ASTRAL) : roll < 0.15 ? pick(BMP_OUTSIDE_GSM) : roll < 0.2 ? pick(EXTENSION) : pick(BASIC);
    else next = straddle || roll < 0.15 ? pick(ASTRAL) : roll < 0.75 ? pick(BMP_OUTSIDE_GSM) : pick(BASIC);
    text += next;
    units += kind === 'gsm' ? (EXTENSION.includes(next) ? 2 : 1) : next.length;
  }
  return text;
}

function reference(text: string): { encoding: string; segments: number; characters: number } {
  const message = new SegmentedMessage(text);
  const bitsPerUnit = message.encodingName === 'GSM-7' ? 7 : 16;
  return {
    encoding: message.encodingName,
    segments: message.segmentsCount,
    characters: message.messageSize / bitsPerUnit,
  };
}

describe('analyzeSms against sms-segments-calculator', () => {
  const random = seededRandom(20260701);
  const cases: Array<[string, string]> = [];
  for (const kind of ['gsm', 'mixed', 'script'] as const) {
    for (let i = 0; i < 150; i += 1) cases.push([kind, generate(random, kind)]);
  }

  it('generates a few hundred texts covering both encodings and every boundary', () => {
    expect(cases.length).toBe(450);
    const encodings = new Set(cases.map(([, text]) => analyzeSms(text).encoding));
    expect(encodings).toEqual(new Set(['GSM-7', 'UCS-2']));
    expect(cases.some(([, text]) => analyzeSms(text).segments >= 3)).toBe(true);
  });

  it('agrees on encoding, carrier units and segment count for every generated text', () => {
    const disagreements = cases
      .map(([kind, text]) => {
        const ours = analyzeSms(text);
        return { kind, text, ours: { encoding: ours.encoding, segments: ours.segments, characters: ours.characters }, theirs: reference(text) };
      })
      .filter(({ ours, theirs }) => JSON.stringify(ours) !== JSON.stringify(theirs));
    expect(disagreements).toEqual([]);
  });

  describe('where the library is known to differ, and why the carriers side with us', () => {
    it('keeps a whole grapheme cluster in one segment; carriers only keep a surrogate pair together', () => {
      // 👨‍👩‍👧 is 8 code units (3 emoji joined by 2 ZWJ). The handset joins the parts
      // before it draws anything, so only a surrogate pair must not be cut: the
      // sequence may break between code points and the message needs 2 segments.
      const text = 'ç' + 'a'.repeat(63) + '👨‍👩‍👧' + 'a'.repeat(60);
      expect(analyzeSms(text)).toMatchObject({ encoding: 'UCS-2', characters: 132, segments: 2 });
      expect(new SegmentedMessage(text).segmentsCount).toBe(3);
    });

    it('counts UCS-2 "characters" as graphemes; carriers bill code units', () => {
      const text = 'Paid 😀';
      expect(analyzeSms(text).characters).toBe(7);
      expect(new SegmentedMessage(text).numberOfCharacters).toBe(6);
    });

    it('turns a no-break space into two spaces in its smart mode; a reader sees one', () => {
      expect(analyzeSms('a\u00a0b', { smart: true }).text).toBe('a b');
      expect(new SegmentedMessage('a\u00a0b', 'auto', true).numberOfCharacters).toBe(4);
    });

    it('applies its smart replacements even when they cost more; ours keeps the cheaper text', () => {
      const text = '…'.repeat(70);
      expect(analyzeSms(text, { smart: true }).segments).toBe(1);
      expect(new SegmentedMessage(text, 'auto', true).segmentsCount).toBe(2);
    });

    it('reports one segment for an empty text; there is nothing to send', () => {
      expect(analyzeSms('').segments).toBe(0);
      expect(new SegmentedMessage('').segmentsCount).toBe(1);
    });
  });
});
