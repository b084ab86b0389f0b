import { Coalescer, type Pending } from './print-coalescer';

describe('Coalescer', () => {
  it('groups requests with the same key that arrive within the window, and settles each with its own result', async () => {
    const flushed: string[][] = [];
    const coalescer = new Coalescer<string, string>({
      windowMs: 20,
      maxSize: 10,
      flush: (group: Array<Pending<string, string>>) => {
        flushed.push(group.map((pending) => pending.item));
        for (const pending of group) {
          if (pending.item === 'bad') pending.reject(new Error('bad document'));
          else pending.resolve(pending.item.toUpperCase());
        }
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
      flush: (group) => {
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
});
