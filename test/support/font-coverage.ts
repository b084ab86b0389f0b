import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** The parts of DevTools' `CSS.PlatformFontUsage` the coverage check needs. */
export interface UsedFont {
  readonly familyName: string;
  readonly postScriptName: string;
  readonly isCustomFont: boolean;
}

/**
 * Characters no font has to draw: whitespace (HarfBuzz substitutes a space glyph for
 * any space character a font lacks), controls, and default-ignorable code points such
 * as the bidi marks and isolates the templates emit, which are never drawn at all.
 */
const NEVER_DRAWN = /[\p{White_Space}\p{Cc}\p{Default_Ignorable_Code_Point}]/u;

export function needsGlyph(char: string): boolean {
  return !NEVER_DRAWN.test(char);
}

/**
 * The characters each installed font really maps, as fontconfig reports them. Chromium
 * on Linux picks fonts through fontconfig, so this is the same font data it draws
 * with; fontconfig also leaves out code points whose glyph is empty, which look to a
 * reader exactly like a missing glyph.
 */
export class FontCoverage {
  private constructor(
    private readonly byPostScriptName: ReadonlyMap<string, CodePointRanges>,
    private readonly byFamily: ReadonlyMap<string, CodePointRanges>,
  ) {}

  static async load(): Promise<FontCoverage> {
    const { stdout } = await execFileAsync('fc-list', ['-f', '%{postscriptname}\t%{family}\t%{charset}\n'], { maxBuffer: 64 * 1024 * 1024 });
    const byPostScriptName = new Map<string, CodePointRanges>();
    const byFamily = new Map<string, CodePointRanges>();
    for (const line of stdout.split('\n')) {
      const [postScriptName, families, charset] = line.split('\t');
      if (charset === undefined) continue;
      const ranges = CodePointRanges.parse(charset);
      // Two files claiming one name must not vouch for each other's characters.
      if (postScriptName) byPostScriptName.set(postScriptName, byPostScriptName.get(postScriptName)?.intersect(ranges) ?? ranges);
      for (const family of families.split(',')) {
        byFamily.set(family, byFamily.get(family)?.intersect(ranges) ?? ranges);
      }
    }
    return new FontCoverage(byPostScriptName, byFamily);
  }

  /** undefined: a font fontconfig does not know (a web font), whose coverage cannot be read here. */
  covers(font: UsedFont, codePoint: number): boolean | undefined {
    if (font.isCustomFont) return undefined;
    const ranges = (font.postScriptName && this.byPostScriptName.get(font.postScriptName)) || this.byFamily.get(font.familyName);
    return ranges?.has(codePoint);
  }
}

/** fontconfig's charset text: hexadecimal code points and ranges, `20-7e a0 …`. */
class CodePointRanges {
  private constructor(private readonly ranges: ReadonlyArray<readonly [number, number]>) {}

  static parse(charset: string): CodePointRanges {
    const ranges = charset.trim().split(/\s+/).filter(Boolean).map((token) => {
      const [from, to = from] = token.split('-');
      return [parseInt(from, 16), parseInt(to, 16)] as const;
    });
    return new CodePointRanges(ranges);
  }

  has(codePoint: number): boolean {
    let low = 0;
    let high = this.ranges.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const [from, to] = this.ranges[middle];
      if (codePoint < from) high = middle - 1;
      else if (codePoint > to) low = middle + 1;
      else return true;
    }
    return false;
  }

  intersect(other: CodePointRanges): CodePointRanges {
    // Both lists are sorted and disjoint (fontconfig prints them so): one merge pass.
    const result: Array<readonly [number, number]> = [];
    let i = 0;
    let j = 0;
    while (i < this.ranges.length && j < other.ranges.length) {
      const [a0, a1] = this.ranges[i];
      const [b0, b1] = other.ranges[j];
      const from = Math.max(a0, b0);
      const to = Math.min(a1, b1);
      if (from <= to) result.push([from, to]);
      if (a1 < b1) i++;
      else j++;
    }
    return new CodePointRanges(result);
  }
}
