import type { TemplateContent } from '@app/contracts';
import type { SampleDataSet } from './sample-data-set';

/** The longest name the document API accepts (`recipient.name`, 200 characters). */
const LONGEST_NAME = 'Maximiliana Alexandra Konstantinopoulou-Wolfeschlegelsteinhausen '.repeat(4).slice(0, 200).trim();
const INVOICE_LINES_EDGE = 200;

/**
 * The sample data sets of a version: the samples stored with its content plus
 * generated edge cases (the longest name, 200 invoice lines, zero and negative
 * amounts). Right-to-left comes from the version's own Arabic samples.
 */
export function sampleDataSets(content: Pick<TemplateContent, 'kind' | 'samples'>): SampleDataSet[] {
  const fixtures: SampleDataSet[] = Object.entries(content.samples ?? {}).map(([name, sample]) => ({ name, ...sample }));
  if (fixtures.length === 0) return [];
  // An English, two-decimal sample is the base of generated cases, so their amounts fit its currency.
  const base = fixtures.find((sample) => sample.locale === 'en-US') ?? fixtures[0];
  const kind = content.kind;
  const edges: SampleDataSet[] = [
    { ...clone(base), name: `${base.name}+longest-name`, recipient: { ...base.recipient, name: LONGEST_NAME }, edgeCase: true },
  ];
  if (kind === 'invoice') edges.push(...invoiceEdgeCases(base));
  return [...fixtures.map(clone), ...edges];
}

function invoiceEdgeCases(base: SampleDataSet): SampleDataSet[] {
  const invoice = base.data.invoice as Record<string, unknown>;
  const withLines = (name: string, lines: Array<Record<string, string>>, sum: string): SampleDataSet => ({
    ...clone(base),
    name: `${base.name}+${name}`,
    edgeCase: true,
    data: {
      ...clone(base).data,
      invoice: { ...clone(invoice), lines, subtotal: sum, tax: zero(sum), total: sum, amountDue: sum, taxRate: undefined },
    },
  });
  const many = Array.from({ length: INVOICE_LINES_EDGE }, (_, index) => ({
    description: `Usage line ${index + 1}`,
    quantity: '1',
    unitPrice: '1.00',
    amount: '1.00',
  }));
  return [
    withLines('200-lines', many, `${INVOICE_LINES_EDGE}.00`),
    withLines('zero-amount', [{ description: 'Promotional month', quantity: '1', unitPrice: '0.00', amount: '0.00' }], '0.00'),
    withLines('negative-amount', [{ description: 'Credit for outage', quantity: '1', unitPrice: '-5.00', amount: '-5.00' }], '-5.00'),
  ].map(dropUndefined);
}

function zero(amount: string): string {
  return amount.replace(/\d/g, '0').replace(/^-/, '');
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

function dropUndefined(sample: SampleDataSet): SampleDataSet {
  return JSON.parse(JSON.stringify(sample)) as SampleDataSet;
}
