import { DataContractValidator } from './data-contract.validator';

const invoiceContract = {
  $id: 'https://contracts.example/invoice.json',
  type: 'object',
  additionalProperties: false,
  required: ['invoice'],
  properties: {
    invoice: {
      type: 'object',
      additionalProperties: false,
      required: ['number', 'total', 'dueDate', 'currency'],
      properties: {
        number: { type: 'string', minLength: 1 },
        total: { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$' },
        dueDate: { type: 'string', format: 'date' },
        currency: { enum: ['SAR', 'KWD'] },
        period: { type: 'string' },
      },
    },
  },
};

const valid = { invoice: { number: 'INV-1', total: '228.85', dueDate: '2026-11-15', currency: 'SAR' } };

describe('DataContractValidator', () => {
  const validator = new DataContractValidator();

  it('accepts data that meets the contract, optional fields included or not', () => {
    expect(validator.validate('v1', invoiceContract, valid)).toEqual([]);
    expect(validator.validate('v1', invoiceContract, { invoice: { ...valid.invoice, period: 'November' } })).toEqual([]);
  });

  it('reports every violation at once with a pointer into the request', () => {
    const errors = validator.validate('v1', invoiceContract, {
      invoice: { number: '', total: 228.85, dueDate: '15/11/2026', currency: 'USD', discount: '5' },
      extra: true,
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        { pointer: '/data/extra', message: 'is not allowed' },
        { pointer: '/data/invoice/discount', message: 'is not allowed' },
        { pointer: '/data/invoice/number', message: 'must NOT have fewer than 1 characters' },
        { pointer: '/data/invoice/total', message: 'must be string' },
        { pointer: '/data/invoice/dueDate', message: 'must match format "date"' },
        { pointer: '/data/invoice/currency', message: 'must be one of "SAR", "KWD"' },
      ]),
    );
    expect(errors).toHaveLength(6);
  });

  it('checks fields of the currency format against active ISO 4217 codes', () => {
    const contract = { type: 'object', properties: { currency: { type: 'string', format: 'iso-4217-currency' } } };
    expect(validator.validate('currency', contract, { currency: 'KWD' })).toEqual([]);
    for (const currency of ['XYZ', 'XAU', 'XTS', 'sar']) {
      expect(validator.validate('currency', contract, { currency })).toEqual([
        { pointer: '/data/currency', message: 'must be an active ISO 4217 currency code such as "SAR"' },
      ]);
    }
  });

  it('points a missing field at where it should be', () => {
    expect(validator.validate('v1', invoiceContract, { invoice: { number: 'INV-1', total: '1.00', currency: 'SAR' } })).toEqual([
      { pointer: '/data/invoice/dueDate', message: 'is required' },
    ]);
  });

  it('compiles a contract once per key, and lets versions share an $id', () => {
    const v2 = { ...invoiceContract, required: [] };
    expect(validator.validate('v2', v2, {})).toEqual([]);
    expect(validator.validate('v1', invoiceContract, {})).toEqual([{ pointer: '/data/invoice', message: 'is required' }]);
  });

  it('resolves references inside the contract', () => {
    const withDefs = {
      $id: 'https://contracts.example/invoice.json',
      type: 'object',
      properties: { lines: { type: 'array', items: { $ref: '#/$defs/line' } } },
      $defs: { line: { type: 'object', required: ['amount'], properties: { amount: { type: 'string' } } } },
    };
    expect(validator.validate('v3', withDefs, { lines: [{ amount: '1.00' }, {}] })).toEqual([
      { pointer: '/data/lines/1/amount', message: 'is required' },
    ]);
    expect(validator.validate('v3', withDefs, { lines: [{ amount: '1.00' }] })).toEqual([]);
  });

  it('refuses a contract that is not a valid strict JSON Schema', () => {
    expect(() => validator.validate('bad-1', { type: 'object', properties: { a: { type: 'text' } } }, {})).toThrow(
      expect.objectContaining({ code: 'template_invalid' }),
    );
    expect(() => validator.validate('bad-2', { type: 'object', propertees: {} }, {})).toThrow(
      expect.objectContaining({ code: 'template_invalid' }),
    );
    expect(() => validator.check('bad-3', { $ref: '#/$defs/missing' })).toThrow(expect.objectContaining({ code: 'template_invalid' }));
  });
});
