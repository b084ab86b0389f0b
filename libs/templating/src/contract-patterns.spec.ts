import { linearRegExp, unsupportedPatterns } from './contract-patterns';
import { DataContractValidator } from './data-contract.validator';

describe('contract patterns', () => {
  it('match a catastrophic pattern in linear time: 40 letters and a mismatch answer at once', () => {
    // A backtracking engine takes 2^40 steps here; this test would not finish.
    expect(linearRegExp('^(a+)+$', 'u').test(`${'a'.repeat(40)}!`)).toBe(false);
    expect(linearRegExp('^(a+)+$', 'u').test('a'.repeat(40))).toBe(true);
  });

  it('keep JavaScript syntax a contract may use: unicode escapes, classes, named groups, searching anywhere', () => {
    expect(linearRegExp('^[\\u0600-\\u06FF]+$', 'u').test('مرحبا')).toBe(true);
    expect(linearRegExp('^\\p{L}+$', 'u').test('你好')).toBe(true);
    expect(linearRegExp('(?<year>\\d{4})-\\d{2}', 'u').test('due 2026-12')).toBe(true);
    expect(linearRegExp('^INV-\\d+$', 'u').test('INV-12\n')).toBe(false);
  });

  it('point at every pattern the engine cannot take, patternProperties included', () => {
    const contract = {
      type: 'object',
      properties: { ref: { type: 'string', pattern: '^(a)\\1$' }, ok: { type: 'string', pattern: '^a+$' }, pattern: { type: 'string' } },
      patternProperties: { '^(?=x)': { type: 'string' } },
      $defs: { code: { anyOf: [{ pattern: '(?<!a)b' }] } },
    };
    expect(unsupportedPatterns(contract, '/dataContract')).toEqual([
      { pointer: '/dataContract/properties/ref/pattern', message: expect.stringMatching(/^pattern "\^\(a\)\\\\1\$" cannot run in linear time \(.*`\\1`\)/) },
      { pointer: '/dataContract/patternProperties', message: expect.stringMatching(/^pattern "\^\(\?=x\)"/) },
      { pointer: '/dataContract/$defs/code/anyOf/0/pattern', message: expect.stringMatching(/^pattern "\(\?<!a\)b"/) },
    ]);
  });

  it('validate documents against a catastrophic pattern quickly, with the field pointed at', () => {
    const contract = { type: 'object', properties: { account: { type: 'string', pattern: '^(a+)+$' } } };
    expect(new DataContractValidator().validate('evil', contract, { account: `${'a'.repeat(40)}!` })).toEqual([
      { pointer: '/data/account', message: 'must match pattern "^(a+)+$"' },
    ]);
  });
});

describe('contract patterns in one contract', () => {
  it('each hold their own field', () => {
    const contract = { type: 'object', properties: { a: { type: 'string', pattern: '^a+$' }, b: { type: 'string', pattern: '^b+$' } } };
    const validator = new DataContractValidator();
    expect(validator.validate('two', contract, { a: 'aa', b: 'bb' })).toEqual([]);
    expect(validator.validate('two', contract, { a: 'bb', b: 'aa' }).map((error) => error.pointer)).toEqual(['/data/a', '/data/b']);
  });
});
