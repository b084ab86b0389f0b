import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fixture, loadFixtures, REPO_ROOT } from './support/fixtures';
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

  it('never answers 5xx to hostile characters at random places, and refuses those that are not text where they sit', async () => {
    const random = seededRandom(20261202);
    const samples = builtInSamples();
    const failures: string[] = [];
    for (let i = 0; i < 200; i++) {
      const body = structuredClone(samples[i % samples.length]);
      const { pointer, character } = insertHostileCharacter(body, random);
      const res = await platform.http
        .post('/v1/documents')
        .set('Authorization', `Bearer ${billing}`)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(body));
      const shown = `#${i} U+${character.charCodeAt(0).toString(16).padStart(4, '0')} at ${JSON.stringify(pointer)}`;
      if (res.status >= 500) failures.push(`${shown}: ${res.status} ${res.text.slice(0, 200)}`);
      else if (NEVER_TEXT.test(character)) {
        // Never text anywhere: refused, and named where it was put.
        const pointers = (res.body.errors ?? []).map((error: { pointer: string }) => error.pointer);
        if (res.status !== 422 || !pointers.includes(pointer)) failures.push(`${shown}: ${res.status} ${JSON.stringify(pointers)}`);
      }
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

/** Characters a client might send by accident or on purpose, each at home nowhere or only in some fields. */
const HOSTILE_CHARACTERS = ['\u0000', '\ud800', '\udfff', '\u0001', '\u001b', '\u007f', '\u0085', '\r', '\n', '\t', '\u2028', '\u202e', '\u2066'];
/** Refused in every string and key: NUL and the other controls but tab and line breaks, and lone surrogates. */
const NEVER_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff]/;

/** The built-in templates' own samples, as documents in every channel their template has. */
function builtInSamples(): Json[] {
  const templates = path.join(REPO_ROOT, 'templates');
  return readdirSync(templates)
    .filter((type) => !type.startsWith('_') && !type.includes('.'))
    .flatMap((type) => {
      const channels = Object.keys(JSON.parse(readFileSync(path.join(templates, type, 'template.json'), 'utf8')).channels);
      const folder = path.join(templates, type, 'samples');
      return readdirSync(folder).map((file, n) => ({
        type,
        externalRef: `FUZZ-${type}-${n}`,
        channels,
        ...JSON.parse(readFileSync(path.join(folder, file), 'utf8')),
      }));
    });
}

/** Puts one hostile character at a random place of a random string or object key; returns where, as a JSON pointer. */
function insertHostileCharacter(body: Json, random: () => number): { pointer: string; character: string } {
  const character = pick(HOSTILE_CHARACTERS, random);
  const places = collectPaths(body, []).filter((at) => at.length > 0);
  const at = pick(places, random);
  const parent = at.slice(0, -1).reduce<Json>((node, key) => (node as Record<string, Json>)[key], body) as Record<string, Json>;
  const key = at[at.length - 1];
  const value = parent[key];
  const insert = (text: string) => {
    const position = Math.floor(random() * (text.length + 1));
    return text.slice(0, position) + character + text.slice(position);
  };
  const escape = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');
  if (typeof value === 'string' || Array.isArray(parent)) {
    if (typeof value === 'string') parent[key] = insert(value);
    else parent[key] = insert(JSON.stringify(value));
    return { pointer: at.map(escape).join('/').replace(/^/, '/'), character };
  }
  const renamed = insert(key);
  delete parent[key];
  parent[renamed] = value;
  return { pointer: [...at.slice(0, -1), renamed].map(escape).join('/').replace(/^/, '/'), character };
}

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

