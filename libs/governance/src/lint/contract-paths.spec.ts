import { pathSegments, requiredPaths, undeclaredSegment } from './contract-paths';

const contract = {
  type: 'object',
  additionalProperties: false,
  required: ['invoice'],
  properties: {
    invoice: { $ref: '#/$defs/invoice' },
    extra: { type: 'object' },
  },
  $defs: {
    line: {
      type: 'object',
      additionalProperties: false,
      required: ['amount'],
      properties: { amount: { type: 'string' }, note: { type: 'string' } },
    },
    invoice: {
      type: 'object',
      additionalProperties: false,
      required: ['number', 'lines'],
      properties: {
        number: { type: 'string' },
        lines: { type: 'array', items: { $ref: '#/$defs/line' } },
        period: { allOf: [{ type: 'object', properties: { from: { type: 'string' } } }] },
      },
    },
  },
};

describe('data contract paths', () => {
  it('splits list items out of a path', () => {
    expect(pathSegments('invoice.lines[].amount')).toEqual(['invoice', 'lines', '[]', 'amount']);
  });

  it('accepts declared fields through $ref, items and allOf, and the reserved names', () => {
    for (const path of ['invoice.number', 'invoice.lines[].amount', 'invoice.lines.length', 'invoice.period.from', 'recipient.name', 'actions.payUrl']) {
      expect(undeclaredSegment(contract, path)).toBeNull();
    }
  });

  it('names the first undeclared segment', () => {
    expect(undeclaredSegment(contract, 'invoice.discount')).toBe('invoice.discount');
    expect(undeclaredSegment(contract, 'invoice.lines[].tax')).toBe('invoice.lines[].tax');
    expect(undeclaredSegment(contract, 'customer.name')).toBe('customer');
    expect(undeclaredSegment(contract, 'recipient.password')).toBe('recipient.password');
  });

  it('leaves objects the contract keeps open alone', () => {
    expect(undeclaredSegment(contract, 'extra.anything')).toBeNull();
  });

  it('lists the required leaf fields', () => {
    expect(requiredPaths(contract).sort()).toEqual(['invoice.lines[].amount', 'invoice.number']);
  });
});
