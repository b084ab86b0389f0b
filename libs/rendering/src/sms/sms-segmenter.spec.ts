import { isGsm7Text } from './gsm7.charset';
import { analyzeSms } from './sms-segmenter';
import {
  GSM7_CONCATENATED_SEGMENT_SEPTETS,
  GSM7_SINGLE_SEGMENT_SEPTETS,
  UCS2_CONCATENATED_SEGMENT_UNITS,
  UCS2_SINGLE_SEGMENT_UNITS,
} from './sms-limits';

const gsm = (n: number) => 'a'.repeat(n);
/** A UCS-2 text of exactly n code units: one ç forces UCS-2. */
const ucs = (n: number) => 'ç' + 'a'.repeat(n - 1);

describe('analyzeSms', () => {
  it('uses the carrier capacities 160/153 and 70/67', () => {
    expect([
      GSM7_SINGLE_SEGMENT_SEPTETS,
      GSM7_CONCATENATED_SEGMENT_SEPTETS,
      UCS2_SINGLE_SEGMENT_UNITS,
      UCS2_CONCATENATED_SEGMENT_UNITS,
    ]).toEqual([160, 153, 70, 67]);
  });

  describe('GSM-7', () => {
    it.each([
      [1, 1, 160, 159],
      [160, 1, 160, 0],
      [161, 2, 153, 145],
      [306, 2, 153, 0],
      [307, 3, 153, 152],
      [459, 3, 153, 0],
      [460, 4, 153, 152],
    ])('%i characters take %i segment(s) of %i, %i left', (length, segments, perSegment, remaining) => {
      expect(analyzeSms(gsm(length))).toEqual({
        text: gsm(length),
        encoding: 'GSM-7',
        characters: length,
        segments,
        perSegment,
        remainingInSegment: remaining,
      });
    });

    it('counts every extension character as two septets', () => {
      for (const character of ['^', '{', '}', '\\', '[', ']', '~', '|', '€', '\f']) {
        expect(analyzeSms(character)).toMatchObject({ encoding: 'GSM-7', characters: 2 });
      }
      expect(analyzeSms('€'.repeat(80))).toMatchObject({ characters: 160, segments: 1 });
      expect(analyzeSms('€'.repeat(80) + 'a')).toMatchObject({ characters: 161, segments: 2 });
    });

    it('moves an extension character that would straddle a segment boundary to the next segment', () => {
      // 152 septets + € (2) cannot share the first 153-septet segment: it opens the second.
      const fits = analyzeSms(gsm(152) + '€' + gsm(151));
      expect(fits).toMatchObject({ characters: 305, segments: 2, remainingInSegment: 0 });

      // 306 septets would be 2 segments by division, but the first segment closes at 152.
      const spills = analyzeSms(gsm(152) + '€' + gsm(152));
      expect(spills).toMatchObject({ characters: 306, segments: 3, remainingInSegment: 152 });
    });

    it('keeps an extension character whole at the single-segment limit too', () => {
      expect(analyzeSms(gsm(158) + '€')).toMatchObject({ characters: 160, segments: 1, remainingInSegment: 0 });
      expect(analyzeSms(gsm(159) + '€')).toMatchObject({ characters: 161, segments: 2 });
    });

    it('treats an empty text as nothing to send', () => {
      expect(analyzeSms('')).toEqual({
        text: '',
        encoding: 'GSM-7',
        characters: 0,
        segments: 0,
        perSegment: 160,
        remainingInSegment: 160,
      });
    });
  });

  describe('UCS-2', () => {
    it('switches the whole message to UCS-2 for one character outside GSM-7', () => {
      expect(analyzeSms(gsm(100))).toMatchObject({ encoding: 'GSM-7', segments: 1 });
      expect(analyzeSms(gsm(99) + 'ç')).toMatchObject({ encoding: 'UCS-2', characters: 100, segments: 2 });
      expect(analyzeSms(gsm(99) + '’')).toMatchObject({ encoding: 'UCS-2', segments: 2 });
      expect(analyzeSms(gsm(99) + '😀')).toMatchObject({ encoding: 'UCS-2', characters: 101, segments: 2 });
    });

    it.each([
      [70, 1, 70, 0],
      [71, 2, 67, 63],
      [134, 2, 67, 0],
      [135, 3, 67, 66],
    ])('%i code units take %i segment(s) of %i, %i left', (length, segments, perSegment, remaining) => {
      expect(analyzeSms(ucs(length))).toMatchObject({
        encoding: 'UCS-2',
        characters: length,
        segments,
        perSegment,
        remainingInSegment: remaining,
      });
    });

    it('counts extension characters as one code unit in UCS-2', () => {
      expect(analyzeSms('ç€{}')).toMatchObject({ encoding: 'UCS-2', characters: 4 });
    });

    it('counts an emoji outside the BMP as two code units', () => {
      expect(analyzeSms('😀')).toMatchObject({ encoding: 'UCS-2', characters: 2, segments: 1 });
      expect(analyzeSms(ucs(68) + '😀')).toMatchObject({ characters: 70, segments: 1 });
      expect(analyzeSms(ucs(69) + '😀')).toMatchObject({ characters: 71, segments: 2 });
    });

    it('never splits an emoji across segments: it opens the next one', () => {
      // 66 units + emoji (2) cannot share the first 67-unit segment.
      const fits = analyzeSms(ucs(66) + '😀' + gsm(65));
      expect(fits).toMatchObject({ characters: 133, segments: 2, remainingInSegment: 0 });

      const spills = analyzeSms(ucs(66) + '😀' + gsm(66));
      expect(spills).toMatchObject({ characters: 134, segments: 3, remainingInSegment: 66 });
    });

    it('keeps an Arabic message in UCS-2 and counts its code units', () => {
      const text = 'عزيزي العميل، فاتورتك رقم INV-2026-0042 بمبلغ 1,250.00 ر.س مستحقة في 2026-07-01. ادفع الآن: https://pay.example.com/i/x7Kq';
      const analysis = analyzeSms(text);
      expect(analysis).toMatchObject({ encoding: 'UCS-2', characters: text.length });
      expect(analysis.segments).toBe(2);
      expect(analysis.perSegment).toBe(67);
    });

    it('keeps a short Arabic message in one 70-unit segment', () => {
      const text = 'تم استلام دفعتك بمبلغ 250.00 ر.س. شكراً لك.';
      expect(analyzeSms(text)).toMatchObject({ encoding: 'UCS-2', characters: text.length, segments: 1, perSegment: 70 });
    });

    it('keeps a Chinese message in UCS-2 and counts its code units', () => {
      const text = '尊敬的客户：您的发票 INV-2026-0042 金额为 ¥1,250.00，请于 2026年7月1日 前付款。付款链接：https://pay.example.com/i/x7Kq 谢谢！';
      const analysis = analyzeSms(text);
      expect(analysis).toMatchObject({ encoding: 'UCS-2', characters: text.length, segments: 2, perSegment: 67 });
    });

    it('counts a Chinese character outside the BMP as two code units', () => {
      expect(analyzeSms('𠀋')).toMatchObject({ encoding: 'UCS-2', characters: 2 });
    });
  });

  describe('smart encoding', () => {
    const typographic = '“Your invoice” — it’s ready… Pay by 1 July: https://pay.example.com/i/x7Kq – thanks!';

    it('is off unless asked for', () => {
      const analysis = analyzeSms(typographic);
      expect(analysis.encoding).toBe('UCS-2');
      expect(analysis.text).toBe(typographic);
      expect(analysis.replaced).toBeUndefined();
    });

    it('turns curly quotes, dashes and ellipses into GSM-7 and reports each replacement', () => {
      const analysis = analyzeSms(typographic, { smart: true });
      expect(analysis).toMatchObject({
        text: '"Your invoice" - it\'s ready... Pay by 1 July: https://pay.example.com/i/x7Kq - thanks!',
        encoding: 'GSM-7',
        segments: 1,
      });
      expect(analysis.replaced).toEqual([
        { from: '“', to: '"', count: 1 },
        { from: '”', to: '"', count: 1 },
        { from: '—', to: '-', count: 1 },
        { from: '’', to: "'", count: 1 },
        { from: '…', to: '...', count: 1 },
        { from: '–', to: '-', count: 1 },
      ]);
      expect(isGsm7Text(analysis.text)).toBe(true);
    });

    it('saves segments: a 150-character text with one apostrophe goes from 3 UCS-2 segments to 1', () => {
      const sentence = 'We’ve received your payment of EUR 1,250.00 for invoice INV-2026-0042. ';
      const text = sentence + gsm(150 - sentence.length);
      expect(text).toHaveLength(150);
      expect(analyzeSms(text).segments).toBe(3);
      expect(analyzeSms(text, { smart: true })).toMatchObject({ encoding: 'GSM-7', segments: 1, characters: 150 });
    });

    it('replaces non-breaking and other Unicode spaces by a single space', () => {
      expect(analyzeSms('Total:\u00a0EUR\u202f12.50\u2009due', { smart: true }).text).toBe('Total: EUR 12.50 due');
    });

    it('keeps the original when the replaced text would cost more segments', () => {
      // 70 ellipses fill one UCS-2 segment; as "..." they would be 210 septets, two segments.
      const text = '…'.repeat(70);
      const analysis = analyzeSms(text, { smart: true });
      expect(analysis).toMatchObject({ text, encoding: 'UCS-2', segments: 1 });
      expect(analysis.replaced).toBeUndefined();
    });

    it('leaves Arabic and Chinese text unchanged and in UCS-2', () => {
      const arabic = 'فاتورتك «رقم 42» جاهزة — شكراً…';
      const chinese = '您的发票“INV-42”已生成。谢谢…';
      for (const text of [arabic, chinese]) {
        const analysis = analyzeSms(text, { smart: true });
        expect(analysis).toMatchObject({ text, encoding: 'UCS-2' });
        expect(analysis.replaced).toBeUndefined();
      }
    });

    it('does nothing to a text that is already GSM-7', () => {
      expect(analyzeSms('Invoice paid. Thank you!', { smart: true })).toEqual(analyzeSms('Invoice paid. Thank you!'));
    });

    it('leaves an emoji in place, so the message stays UCS-2 and unreplaced when nothing is saved', () => {
      const analysis = analyzeSms('Paid ✅ — thanks', { smart: true });
      expect(analysis).toMatchObject({ encoding: 'UCS-2', text: 'Paid ✅ — thanks' });
      expect(analysis.replaced).toBeUndefined();
    });
  });
});
