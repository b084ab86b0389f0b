import type { PageRaster } from './poppler';

/**
 * Reads an upright QR symbol off a rendered page the way a scanner starts: it
 * finds the three finder patterns (dark-light-dark-light-dark runs in the ratio
 * 1:1:3:1:1 across and down), takes the module size from their distance, and
 * samples the centre of every module. What it does not do is the Reed-Solomon
 * decoding of the data: comparing the modules with the symbol an encoder makes
 * for the expected text shows the printed symbol is exactly that one.
 */
export interface QrSymbolReading {
  /** Modules per side. */
  readonly size: number;
  /** Module size on the page, in pixels. */
  readonly modulePx: number;
  /** Dark modules, row by row. */
  readonly modules: readonly (readonly boolean[])[];
  /** Whether the 4-module quiet zone around the symbol is light throughout. */
  readonly quietZoneClear: boolean;
  /** Top-left corner of the symbol (without its quiet zone), in pixels. */
  readonly left: number;
  readonly top: number;
}

interface Finder {
  readonly x: number;
  readonly y: number;
  readonly unit: number;
}

export function readQrSymbol(raster: PageRaster): QrSymbolReading | undefined {
  const dark = (x: number, y: number) => {
    if (x < 0 || y < 0 || x >= raster.width || y >= raster.height) return false;
    const at = (Math.round(y) * raster.width + Math.round(x)) * 3;
    return raster.rgb[at] + raster.rgb[at + 1] + raster.rgb[at + 2] < 3 * 128;
  };
  const finders = clusters(candidates(raster, dark));
  for (const topLeft of finders) {
    for (const topRight of finders) {
      if (topRight.x <= topLeft.x || Math.abs(topRight.y - topLeft.y) > topLeft.unit) continue;
      for (const bottomLeft of finders) {
        if (bottomLeft.y <= topLeft.y || Math.abs(bottomLeft.x - topLeft.x) > topLeft.unit) continue;
        const span = topRight.x - topLeft.x;
        if (Math.abs(bottomLeft.y - topLeft.y - span) > 2 * topLeft.unit) continue;
        const size = Math.round(span / topLeft.unit) + 7;
        if ((size - 17) % 4 !== 0) continue;
        const modulePx = span / (size - 7);
        const left = topLeft.x - 3.5 * modulePx;
        const top = topLeft.y - 3.5 * modulePx;
        const at = (row: number, column: number) => dark(left + (column + 0.5) * modulePx, top + (row + 0.5) * modulePx);
        const modules = Array.from({ length: size }, (_, row) => Array.from({ length: size }, (_, column) => at(row, column)));
        let quietZoneClear = true;
        for (let row = -4; row < size + 4; row++) {
          for (let column = -4; column < size + 4; column++) {
            const inside = row >= 0 && row < size && column >= 0 && column < size;
            if (!inside && at(row, column)) quietZoneClear = false;
          }
        }
        return { size, modulePx, modules, quietZoneClear, left, top };
      }
    }
  }
  return undefined;
}

/** Centres where a row crosses a finder pattern, confirmed by the column through the centre. */
function candidates(raster: PageRaster, dark: (x: number, y: number) => boolean): Finder[] {
  const found: Finder[] = [];
  for (let y = 0; y < raster.height; y++) {
    const runs = runsAlong(raster.width, (x) => dark(x, y));
    for (let i = 0; i + 5 <= runs.length; i++) {
      if (!runs[i].dark) continue;
      const five = runs.slice(i, i + 5);
      const unit = matchesFinder(five.map((run) => run.length));
      if (!unit) continue;
      const x = five[2].start + five[2].length / 2;
      const column = runsAlong(raster.height, (row) => dark(x, row));
      const middle = column.findIndex((run) => run.dark && run.start <= y && y < run.start + run.length);
      if (middle < 2 || middle + 2 >= column.length) continue;
      const down = column.slice(middle - 2, middle + 3);
      const verticalUnit = matchesFinder(down.map((run) => run.length));
      if (!verticalUnit || Math.abs(verticalUnit - unit) > unit / 2) continue;
      found.push({ x, y: down[2].start + down[2].length / 2, unit: (unit + verticalUnit) / 2 });
    }
  }
  return found;
}

/** The module size when five runs read 1:1:3:1:1, with the slack anti-aliased edges need. */
function matchesFinder(lengths: number[]): number | undefined {
  const unit = lengths.reduce((sum, length) => sum + length, 0) / 7;
  if (unit < 2) return undefined;
  const expected = [1, 1, 3, 1, 1];
  return lengths.every((length, i) => Math.abs(length - expected[i] * unit) <= unit * 0.6) ? unit : undefined;
}

function runsAlong(length: number, dark: (at: number) => boolean): { start: number; length: number; dark: boolean }[] {
  const runs: { start: number; length: number; dark: boolean }[] = [];
  for (let at = 0; at < length; at++) {
    const value = dark(at);
    const last = runs.at(-1);
    if (last && last.dark === value) last.length++;
    else runs.push({ start: at, length: 1, dark: value });
  }
  return runs;
}

/** Candidates of one finder pattern (every row through its centre square) merged into one. */
function clusters(found: Finder[]): Finder[] {
  const groups: Finder[][] = [];
  for (const candidate of found) {
    const group = groups.find((members) => Math.hypot(members[0].x - candidate.x, members[0].y - candidate.y) < 2 * members[0].unit);
    if (group) group.push(candidate);
    else groups.push([candidate]);
  }
  return groups
    .filter((members) => members.length >= 2)
    .map((members) => {
      const mean = (pick: (finder: Finder) => number) => members.reduce((sum, member) => sum + pick(member), 0) / members.length;
      return { x: mean((m) => m.x), y: mean((m) => m.y), unit: mean((m) => m.unit) };
    });
}
