import { fixture, loadFixtures } from './support/fixtures';
import { seededRandom } from './support/seeded-random';
import { startTestPlatform, TestPlatform } from './support/test-platform';

/**
 * Property: whatever a client sends, the answer is never a 5xx. Bodies are
 * the samples mutated at random (fields dropped, retyped, oversized, nested,
 * prototype keys), plus raw garbage. Seeded, so a failure replays.
 */
describe('fuzzed request bodies (e2e)', () => {
  let platform: TestPlatform;
  let billing: string;

  beforeAll(async () => {
    platform = await startTestPlatform({ CCM_PROCESSES: 'api' });
    billing = await platform.keyFor('billing');
  });
  afterAll(() => platform.close());

  it('never answers 5xx to a mutated document', async () => {
    const random = seededRandom(20261122);
    const samples = loadFixtures().map((f) => f.body);
    const failures: string[] = [];
    for (let i = 0; i < 300; i++) {
      const body = mutate(structuredClone(samples[i % samples.length]), random, 1 + Math.floor(random() * 4));
      const res = await platform.http
        .post('/v1/documents')
        .set('Authorization', `Bearer ${billing}`)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(body));
      if (res.status >= 500) failures.push(`#${i} ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
      else expect(res.headers['content-type']).toMatch(/json/);
    }
    expect(failures).toEqual([]);
  });

  it('never answers 5xx to bytes that are not a document', async () => {
    const random = seededRandom(7);
    const raw = [
      '', 'null', '[]', '"text"', '42', '{"type":', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{}}}',
      '\u0000\u0001', '{"type":"invoice","data":' + '['.repeat(5000) + ']'.repeat(5000) + '}',
      ...Array.from({ length: 40 }, () => String.fromCharCode(...Array.from({ length: 64 }, () => Math.floor(random() * 256)))),
    ];
    for (const text of raw) {
      const res = await platform.http
        .post('/v1/documents')
        .set('Authorization', `Bearer ${billing}`)
        .set('Content-Type', 'application/json')
        .send(text);
      if (res.status >= 500) throw new Error(`${res.status} for ${JSON.stringify(text.slice(0, 80))}: ${res.text.slice(0, 300)}`);
    }
    const huge = { ...fixture('invoice-en-us.json'), padding: 'x'.repeat(2_000_000) };
    const tooBig = await platform.http.post('/v1/documents').set('Authorization', `Bearer ${billing}`).send(huge);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.code).toBe('payload_too_large');
  });
});

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const ODD_VALUES: Json[] = [
  null, true, 0, -1, 1e308, -0.000001, '', ' ', 'x'.repeat(10_000), '<script>alert(1)</script>', '\r\nBcc: x@y.z',
  '١٢٣', '{{constructor.constructor "return process"}}', [], [null], {}, { __proto__: { polluted: true } } as Json,
  '9'.repeat(400), '1.2.3', '2026-02-30', 'NaN',
];

function mutate(value: Json, random: () => number, times: number): Json {
  let result = value;
  for (let n = 0; n < times; n++) result = mutateOnce(result, random);
  return result;
}

function mutateOnce(value: Json, random: () => number): Json {
  const paths = collectPaths(value, []);
  const path = paths[Math.floor(random() * paths.length)];
  const action = Math.floor(random() * 4);
  if (path.length === 0) return action === 0 ? pick(ODD_VALUES, random) : value;
  const parent = path.slice(0, -1).reduce<Json>((node, key) => (node as Record<string, Json>)[key], value) as Record<string, Json>;
  const key = path[path.length - 1];
  if (action === 0) delete parent[key];
  else if (action === 1) parent[key] = pick(ODD_VALUES, random);
  else if (action === 2) parent[`extra_${Math.floor(random() * 1000)}`] = pick(ODD_VALUES, random);
  else parent[key] = [parent[key], parent[key]];
  return value;
}

function collectPaths(value: Json, prefix: string[]): string[][] {
  const paths = [prefix];
  if (value && typeof value === 'object') {
    for (const key of Object.keys(value)) paths.push(...collectPaths((value as Record<string, Json>)[key], [...prefix, key]));
  }
  return paths;
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)];
}

