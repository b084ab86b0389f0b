import { Coalescer, type Pending } from './print-coalescer';

/** Settles every member at once: upper-cased, or rejected when it is 'bad'. */
function settle(group: Array<Pending<string, string>>): void {
  for (const pending of group) {
    if (pending.item === 'bad') pending.reject(new Error('bad document'));
    else pending.resolve(pending.item.toUpperCase());
  }
}

describe('Coalescer', () => {
  it('groups requests with the same key that arrive within the window, and settles each with its own result', async () => {
    const flushed: string[][] = [];
    const coalescer = new Coalescer<string, string>({
      windowMs: 20,
      maxSize: 10,
      flush: (seal) => {
        const group = seal();
        flushed.push(group.map((pending) => pending.item));
        settle(group);
      },
    });
    const a = coalescer.add('x', 'a');
    const bad = coalescer.add('x', 'bad');
    const c = coalescer.add('y', 'c');
    await expect(a).resolves.toBe('A');
    await expect(bad).rejects.toThrow('bad document');
    await expect(c).resolves.toBe('C');
    expect(flushed).toEqual([['a', 'bad'], ['c']]);
  });

  it('sends a group at once when it is full', async () => {
    const flushed: number[] = [];
    const coalescer = new Coalescer<number, number>({
      windowMs: 60_000,
      maxSize: 2,
      flush: (seal) => {
        const group = seal();
        flushed.push(group.length);
        for (const pending of group) pending.resolve(pending.item);
      },
    });
    await expect(Promise.all([coalescer.add('k', 1), coalescer.add('k', 2)])).resolves.toEqual([1, 2]);
    const third = coalescer.add('k', 3);
    coalescer.flushAll();
    await expect(third).resolves.toBe(3);
    expect(flushed).toEqual([2, 1]);
  });

  it('keeps a flushed group open to its key until it is sealed, as long as it is not full', async () => {
    const seals: Array<() => Array<Pending<string, string>>> = [];
    const coalescer = new Coalescer<string, string>({ windowMs: 1, maxSize: 3, flush: (seal) => seals.push(seal) });
    const first = coalescer.add('x', 'a');
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The window has passed; the group waits (for a page, in the engine) and still takes its key.
    expect(seals).toHaveLength(1);
    const joined = [coalescer.add('x', 'b'), coalescer.add('x', 'c')];
    // Full now: the next request of the key starts a group of its own.
    const next = coalescer.add('x', 'd');
    const other = coalescer.add('y', 'e');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seals).toHaveLength(3);
    const groups = seals.map((seal) => seal());
    expect(groups.map((group) => group.map((pending) => pending.item))).toEqual([['a', 'b', 'c'], ['d'], ['e']]);
    // Once sealed, a group takes nobody else.
    const after = coalescer.add('x', 'f');
    coalescer.flushAll();
    expect(seals).toHaveLength(4);
    const late = seals[3]();
    expect(late.map((pending) => pending.item)).toEqual(['f']);
    for (const group of [...groups, late]) settle(group);
    await expect(Promise.all([first, ...joined, next, other, after])).resolves.toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
  });
});
