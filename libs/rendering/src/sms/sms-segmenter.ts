import { gsm7SeptetCount } from './gsm7.charset';
import {
  GSM7_CONCATENATED_SEGMENT_SEPTETS,
  GSM7_SINGLE_SEGMENT_SEPTETS,
  UCS2_CONCATENATED_SEGMENT_UNITS,
  UCS2_SINGLE_SEGMENT_UNITS,
} from './sms-limits';
import { replaceTypographicCharacters, type SmsReplacement } from './smart-encoding.table';

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsAnalysisOptions {
  /** Replace typographic characters with GSM-7 ones when that saves cost (see `analyzeSms`). */
  readonly smart?: boolean;
}

export interface SmsAnalysis {
  /** The text that will be sent: the input, or its smart-encoded form when that was chosen. */
  readonly text: string;
  readonly encoding: SmsEncoding;
  /** Carrier units: septets for GSM-7 (extension characters count 2), UTF-16 code units for UCS-2. */
  readonly characters: number;
  /** Segments the carrier bills; 0 for an empty text. */
  readonly segments: number;
  /** Capacity of each segment of this message: 160/70 when it fits in one, 153/67 when concatenated. */
  readonly perSegment: number;
  /** Units still free in the last segment before another one is needed. */
  readonly remainingInSegment: number;
  /** What smart encoding replaced; present only when the replaced text was chosen. */
  readonly replaced?: readonly SmsReplacement[];
}

/**
 * Encoding, size and segment count of an SMS body, as a carrier computes them.
 *
 * Segments are packed one character at a time rather than by dividing the
 * length: a GSM-7 extension character (escape + septet) and a UCS-2 surrogate
 * pair (an emoji outside the BMP) are never split across two segments, so a
 * segment can close one unit short and the message can need one more segment
 * than a division would say.
 *
 * With `smart`, typographic characters (curly quotes, long dashes, ellipsis,
 * Unicode spaces…) are replaced by GSM-7 equivalents only when the result is
 * GSM-7 without costing more segments, or when it costs fewer segments. An
 * ellipsis becomes three septets, so a text full of them can be cheaper left
 * in UCS-2; Arabic or Chinese text stays UCS-2 and is returned unchanged.
 */
export function analyzeSms(text: string, options: SmsAnalysisOptions = {}): SmsAnalysis {
  const plain = measure(text);
  if (!options.smart || plain.encoding === 'GSM-7') return plain;

  const smart = replaceTypographicCharacters(text);
  if (smart.replaced.length === 0) return plain;
  const candidate = measure(smart.text);
  const savesSegments = candidate.segments < plain.segments;
  const becomesGsm7 = candidate.encoding === 'GSM-7' && candidate.segments <= plain.segments;
  return savesSegments || becomesGsm7 ? { ...candidate, replaced: smart.replaced } : plain;
}

function measure(text: string): SmsAnalysis {
  const gsm7Units = unitsInGsm7(text);
  if (gsm7Units !== undefined) {
    return { text, encoding: 'GSM-7', ...pack(gsm7Units, GSM7_SINGLE_SEGMENT_SEPTETS, GSM7_CONCATENATED_SEGMENT_SEPTETS) };
  }
  return { text, encoding: 'UCS-2', ...pack(unitsInUcs2(text), UCS2_SINGLE_SEGMENT_UNITS, UCS2_CONCATENATED_SEGMENT_UNITS) };
}

/** Septets per character, or undefined as soon as one character is outside GSM-7. */
function unitsInGsm7(text: string): number[] | undefined {
  const units: number[] = [];
  for (const character of text) {
    const septets = gsm7SeptetCount(character);
    if (septets === undefined) return undefined;
    units.push(septets);
  }
  return units;
}

/** UTF-16 code units per code point: 2 for a surrogate pair, which must stay together. */
function unitsInUcs2(text: string): number[] {
  const units: number[] = [];
  for (const character of text) units.push(character.length);
  return units;
}

function pack(
  units: readonly number[],
  singleCapacity: number,
  concatenatedCapacity: number,
): Pick<SmsAnalysis, 'characters' | 'segments' | 'perSegment' | 'remainingInSegment'> {
  const characters = units.reduce((sum, unit) => sum + unit, 0);
  if (characters <= singleCapacity) {
    return {
      characters,
      segments: characters === 0 ? 0 : 1,
      perSegment: singleCapacity,
      remainingInSegment: singleCapacity - characters,
    };
  }
  let segments = 1;
  let used = 0;
  for (const unit of units) {
    if (used + unit > concatenatedCapacity) {
      segments += 1;
      used = 0;
    }
    used += unit;
  }
  return { characters, segments, perSegment: concatenatedCapacity, remainingInSegment: concatenatedCapacity - used };
}
