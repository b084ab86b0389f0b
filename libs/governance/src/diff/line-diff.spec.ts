import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { diffLines, splitLines, unifiedDiff } from './line-diff';

/** The edit script applied to `a` must give `b`, and keep as many lines as an LCS. */
function apply(a: string[], b: string[]) {
  const lines = diffLines(a, b);
  expect(lines.filter((line) => line.op !== '+').map((line) => line.text)).toEqual(a);
  expect(lines.filter((line) => line.op !== '-').map((line) => line.text)).toEqual(b);
  return lines;
}

function lcs(a: string[], b: string[]): number {
  const table = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) table[i][j] = a[i] === b[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
  }
  return table[0][0];
}

describe('line diff', () => {
  it('finds a shortest edit script', () => {
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let round = 0; round < 200; round += 1) {
      const a = Array.from({ length: Math.floor(random() * 12) }, () => 'abcd'[Math.floor(random() * 4)]);
      const b = Array.from({ length: Math.floor(random() * 12) }, () => 'abcd'[Math.floor(random() * 4)]);
      const lines = apply(a, b);
      expect(lines.filter((line) => line.op === ' ')).toHaveLength(lcs(a, b));
    }
  });

  it('prints what diff -u prints', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ccm-diff-'));
    try {
      const a = Array.from({ length: 30 }, (_, i) => `line ${i}`);
      const b = [...a];
      b[2] = 'changed 2';
      b.splice(15, 1);
      b.splice(27, 0, 'inserted');
      writeFileSync(path.join(dir, 'a'), `${a.join('\n')}\n`);
      writeFileSync(path.join(dir, 'b'), `${b.join('\n')}\n`);
      let expected = '';
      try {
        execFileSync('diff', ['-u', '--label', 'a/x', '--label', 'b/x', path.join(dir, 'a'), path.join(dir, 'b')]);
      } catch (error) {
        expected = String((error as { stdout: Buffer }).stdout);
      }
      expect(unifiedDiff(a.join('\n'), b.join('\n'), '/x')).toBe(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is empty for equal texts and lists every line of an added one', () => {
    expect(unifiedDiff('same\n', 'same', '/x')).toBe('');
    expect(unifiedDiff('', 'one\ntwo', '/x')).toBe('--- a/x\n+++ b/x\n@@ -0,0 +1,2 @@\n+one\n+two\n');
    expect(splitLines('a\r\nb\n')).toEqual(['a', 'b']);
  });
});
