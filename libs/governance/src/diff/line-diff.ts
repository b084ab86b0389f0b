/** One line of a diff: kept (in both), removed (only in a) or added (only in b). */
export interface DiffLine {
  readonly op: ' ' | '-' | '+';
  readonly text: string;
}

/** Lines of context around each change in a unified diff, as `diff -u` prints. */
const CONTEXT = 3;
/**
 * Beyond this many differing lines the edit script is not worth finding: the
 * texts are simply replaced, which keeps a diff of two unrelated 10,000-line
 * sources from costing seconds.
 */
const MAX_EDIT_DISTANCE = 4_000;

export function splitLines(text: string): string[] {
  if (text === '') return [];
  return text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
}

/**
 * The shortest edit script from `a` to `b` (Myers, "An O(ND) Difference
 * Algorithm"), as lines in order. Common prefix and suffix are taken off first:
 * edits to templates are usually small and local.
 */
export function diffLines(a: readonly string[], b: readonly string[]): DiffLine[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const head = a.slice(0, start).map((text): DiffLine => ({ op: ' ', text }));
  const tail = a.slice(endA).map((text): DiffLine => ({ op: ' ', text }));
  return [...head, ...middle(a.slice(start, endA), b.slice(start, endB)), ...tail];
}

function middle(a: readonly string[], b: readonly string[]): DiffLine[] {
  const n = a.length;
  const m = b.length;
  if (n === 0) return b.map((text) => ({ op: '+', text }));
  if (m === 0) return a.map((text) => ({ op: '-', text }));
  const max = Math.min(n + m, MAX_EDIT_DISTANCE);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d += 1) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x += 1;
        y += 1;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, a, b, offset);
    }
  }
  return [...a.map((text): DiffLine => ({ op: '-', text })), ...b.map((text): DiffLine => ({ op: '+', text }))];
}

function backtrack(trace: readonly Int32Array[], a: readonly string[], b: readonly string[], offset: number): DiffLine[] {
  const lines: DiffLine[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0; d -= 1) {
    const v = trace[d];
    const k = x - y;
    const down = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]);
    const previousK = down ? k + 1 : k - 1;
    const previousX = v[offset + previousK];
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) {
      x -= 1;
      y -= 1;
      lines.push({ op: ' ', text: a[x] });
    }
    if (d === 0) break;
    if (down) {
      y -= 1;
      lines.push({ op: '+', text: b[y] });
    } else {
      x -= 1;
      lines.push({ op: '-', text: a[x] });
    }
  }
  return lines.reverse();
}

/**
 * `diff -u` text of two texts (`--- a/<label>`, `+++ b/<label>`, `@@` hunks),
 * or an empty string when they are equal.
 */
export function unifiedDiff(a: string, b: string, label: string, labels: { readonly a?: string; readonly b?: string } = {}): string {
  const lines = diffLines(splitLines(a), splitLines(b));
  if (lines.every((line) => line.op === ' ')) return '';
  const out = [`--- ${labels.a ?? `a${label}`}`, `+++ ${labels.b ?? `b${label}`}`];
  let index = 0;
  while (index < lines.length) {
    const change = lines.findIndex((line, at) => at >= index && line.op !== ' ');
    if (change === -1) break;
    let end = change;
    // A hunk runs until a stretch of more than twice the context is unchanged.
    for (let at = change; at < lines.length; at += 1) {
      if (lines[at].op !== ' ') end = at;
      else if (at - end > 2 * CONTEXT) break;
    }
    const from = Math.max(index, change - CONTEXT);
    const to = Math.min(lines.length, end + CONTEXT + 1);
    const before = lines.slice(0, from);
    const hunk = lines.slice(from, to);
    const startA = before.filter((line) => line.op !== '+').length;
    const startB = before.filter((line) => line.op !== '-').length;
    const countA = hunk.filter((line) => line.op !== '+').length;
    const countB = hunk.filter((line) => line.op !== '-').length;
    out.push(`@@ -${range(startA, countA)} +${range(startB, countB)} @@`);
    for (const line of hunk) out.push(`${line.op}${line.text}`);
    index = to;
  }
  return `${out.join('\n')}\n`;
}

/** `diff -u` numbers lines from 1; an empty range names the line before it. */
function range(start: number, count: number): string {
  const first = count === 0 ? start : start + 1;
  return count === 1 ? `${first}` : `${first},${count}`;
}
