import { hasBidiControl, MAX_TEXT_PROBLEMS, textProblem, textProblemsIn, withoutBidiControls } from './text-hygiene';

describe('textProblem', () => {
  it.each([
    ['a NUL', 'Lay\u0000la', /control character \(U\+0000\) at position 3/],
    ['a lone high surrogate', 'a\ud800b', /lone surrogate \(U\+D800\) at position 1/],
    ['a lone low surrogate', '\udc00', /lone surrogate \(U\+DC00\) at position 0/],
    ['an escape', 'red\u001b[31m', /U\+001B/],
    ['a DEL', 'x\u007f', /U\+007F/],
    ['a C1 control', 'x\u0085', /U\+0085/],
  ])('refuses %s anywhere', (_what, text, message) => {
    expect(textProblem(text)).toMatch(message);
    expect(textProblem(text, 'line')).toMatch(message);
  });

  it('lets multi-line text keep its tabs and line breaks, but not a single line', () => {
    expect(textProblem('Unit 4\r\nTower B\tnorth')).toBeUndefined();
    expect(textProblem('Layla\r\nBcc: x@y.z', 'line')).toBe('holds a line break or tab (U+000D) at position 5');
    expect(textProblem('a\tb', 'line')).toMatch(/line break or tab \(U\+0009\)/);
    expect(textProblem('a\u2028b', 'line')).toMatch(/line break or tab \(U\+2028\)/);
  });

  it('accepts real text in every script, emoji (a surrogate pair) and bidi marks', () => {
    for (const text of ['ليلى الحربي', '王小明', 'Zoë 👋🏽', '\u200Fرقم 12\u200E', '']) {
      expect(textProblem(text, 'line')).toBeUndefined();
    }
  });
});

describe('textProblemsIn', () => {
  it('names every bad value and key by its JSON pointer, in body order, escaping ~ and /', () => {
    const body = {
      recipient: { name: 'A\u0000' },
      data: { lines: [{ description: 'ok' }, { description: '\ud800' }], 'a/b~c': { 'k\u0000': 1 } },
    };
    expect(textProblemsIn(body).map((problem) => problem.pointer)).toEqual([
      '/recipient/name',
      '/data/lines/1/description',
      '/data/a~1b~0c/k\u0000',
    ]);
    expect(textProblemsIn(body)[2].message).toMatch(/^field name holds a control character/);
  });

  it('refuses line breaks in keys but not in values', () => {
    expect(textProblemsIn({ 'a\nb': 'x' })).toHaveLength(1);
    expect(textProblemsIn({ note: 'line 1\nline 2' })).toEqual([]);
  });

  it('stops after a bounded number of problems, and walks any depth', () => {
    expect(textProblemsIn(Array.from({ length: 1000 }, () => '\u0000'))).toHaveLength(MAX_TEXT_PROBLEMS);
    let deep: unknown = '\u0000';
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(textProblemsIn(deep)[0].pointer).toBe('/0'.repeat(10_000));
  });
});

describe('withoutBidiControls', () => {
  it('removes overrides, embeddings and isolates from every string, and keeps marks', () => {
    const spoof = 'Refund \u202E00.001$\u202C';
    expect(withoutBidiControls(spoof)).toBe('Refund 00.001$');
    expect(withoutBidiControls({ lines: [{ description: spoof }], name: '\u2067x\u2069\u200F' })).toEqual({
      lines: [{ description: 'Refund 00.001$' }],
      name: 'x\u200F',
    });
    expect(hasBidiControl(JSON.stringify(withoutBidiControls({ a: ['\u202A\u202B\u202D\u2066\u2068'] })))).toBe(false);
  });

  it('returns the very same value when there is nothing to remove', () => {
    const data = { invoice: { lines: [{ description: 'Fibre 500' }] } };
    expect(withoutBidiControls(data)).toBe(data);
  });

  it('keeps the class of an object and a "__proto__" key as a plain key', () => {
    class Dto {
      name = '\u202Ex';
    }
    const cleaned = withoutBidiControls(new Dto());
    expect(cleaned).toBeInstanceOf(Dto);
    expect(cleaned.name).toBe('x');
    const hostile = JSON.parse('{"__proto__": {"polluted": "\\u202Eyes"}}') as Record<string, unknown>;
    const copy = withoutBidiControls(hostile);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toEqual({ polluted: 'yes' });
  });
});
