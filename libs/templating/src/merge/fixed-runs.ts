import { FixedText } from './merge-output';
import type { Scope } from './merge-scope';
import type { Piece, Render } from './program-parts';

/**
 * Joins each run of consecutive fixed pieces into one text: the template's own
 * text at compile time, runs that include labels or data URIs once per runtime
 * identity. A merge then writes one piece of fixed bytes per run.
 */
export function fixedRuns(pieces: readonly Piece[], slot: () => number): Render[] {
  const renders: Render[] = [];
  let run: Array<Exclude<Piece, { kind: 'render' }>> = [];
  const flush = () => {
    if (run.every((piece) => piece.kind === 'text')) {
      const text = run.map((piece) => piece.text).join('');
      if (text !== '') {
        const fixed = new FixedText(text);
        renders.push((_scope, out) => out.writeFixed(fixed));
      }
    } else {
      const segment = new FixedSegment(run, slot());
      renders.push((scope, out) => out.writeFixed(segment.text(scope)));
    }
    run = [];
  };
  for (const piece of pieces) {
    if (piece.kind === 'render') {
      flush();
      renders.push(piece.render);
    } else {
      run.push(piece);
    }
  }
  flush();
  return renders;
}

/** A run of template text and per-identity values, printed and encoded once per runtime identity. */
class FixedSegment {
  constructor(
    private readonly pieces: ReadonlyArray<Exclude<Piece, { kind: 'render' }>>,
    private readonly slot: number,
  ) {}

  text(scope: Scope): FixedText {
    const slots = scope.state.slots;
    let text = slots[this.slot] as FixedText | undefined;
    if (!text) {
      text = new FixedText(this.pieces.map((piece) => (piece.kind === 'text' ? piece.text : piece.print(piece.constant.value(scope)))).join(''));
      slots[this.slot] = text;
    }
    return text;
  }
}
