import { LruCache } from './lru-cache';

describe('LruCache', () => {
  it('forgets the least recently used entry first', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.get('a');
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([1, undefined, 3]);
  });

  it('creates a missing value once and remembers it', () => {
    const cache = new LruCache<string, object>(4);
    const create = jest.fn(() => ({}));
    const first = cache.getOrCreate('k', create);
    expect(cache.getOrCreate('k', create)).toBe(first);
    expect(create).toHaveBeenCalledTimes(1);
  });

  it('shares one load between concurrent callers and forgets a load that failed', async () => {
    const cache = new LruCache<string, Promise<string>>(4);
    let calls = 0;
    const failing = () => {
      calls++;
      return Promise.reject(new Error('store down'));
    };
    const [a, b] = [cache.getOrLoad('k', failing), cache.getOrLoad('k', failing)];
    expect(a).toBe(b);
    await expect(a).rejects.toThrow('store down');
    expect(calls).toBe(1);
    await expect(cache.getOrLoad('k', () => Promise.resolve('ok'))).resolves.toBe('ok');
    expect(await cache.getOrLoad('k', failing)).toBe('ok');
  });

  it('keeps a newer entry when an older load under the same key fails later', async () => {
    const cache = new LruCache<string, Promise<string>>(4);
    let fail!: (error: Error) => void;
    const old = cache.getOrLoad('k', () => new Promise<string>((_resolve, reject) => (fail = reject)));
    const newer = Promise.resolve('new');
    cache.set('k', newer);
    fail(new Error('late'));
    await expect(old).rejects.toThrow('late');
    expect(cache.get('k')).toBe(newer);
  });
});
