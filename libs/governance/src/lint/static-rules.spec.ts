import { captureBlock, type TemplateContent } from '@app/contracts';
import { blockRules } from './block-rules';
import { catalogRules } from './catalog-rules';
import { contentStructureErrors } from '../template-content.schema';
import { kindRules } from './kind-rules';
import { lineBudgetRules } from './line-budget-rules';
import { analyzeSources, placeholderRules } from './source-rules';

function invoice(mjml: string, text = '{{invoice.number}} {{invoice.total}} {{invoice.dueDate}} {{t "brand.legalName"}}'): TemplateContent {
  return {
    kind: 'invoice',
    name: 'Invoice',
    locales: ['en', 'ar'],
    defaultLocale: 'en',
    defaultChannels: ['email'],
    dataContract: {
      type: 'object',
      required: ['invoice'],
      properties: {
        invoice: {
          type: 'object',
          additionalProperties: false,
          required: ['number', 'total', 'dueDate'],
          properties: { number: { type: 'string' }, total: { type: 'string' }, dueDate: { type: 'string' } },
        },
      },
    },
    channels: { email: { subject: 'Bill {{invoice.number}}', mjml, text } },
    messages: { en: { 'brand.legalName': 'Northwind Ltd.' }, ar: {} },
  };
}

const COMPLETE = '<mjml><mj-body><mj-section><mj-column><mj-text>{{invoice.number}} {{invoice.total}}\n{{invoice.dueDate}} {{t "brand.legalName"}}</mj-text></mj-column></mj-section></mj-body></mjml>';

describe('static compliance rules', () => {
  it('pass a complete invoice', () => {
    const content = invoice(COMPLETE);
    const { sources, findings } = analyzeSources(content);
    expect(findings).toEqual([]);
    expect(kindRules(content, sources)).toEqual([]);
    expect(placeholderRules(content, sources)).toEqual([]);
  });

  it('point at the line and column of a placeholder the contract lacks', () => {
    const content = invoice(COMPLETE.replace('{{invoice.dueDate}}', '{{invoice.dueDate}} {{invoice.iban}}'));
    const { sources } = analyzeSources(content);
    expect(placeholderRules(content, sources)).toEqual([
      expect.objectContaining({ pointer: '/channels/email/mjml', line: 2, column: 23, rule: 'placeholder-in-contract' }),
    ]);
  });

  it('report a template the engine refuses at its line', () => {
    const content = invoice(COMPLETE, 'ok\n{{{invoice.number}}');
    expect(analyzeSources(content).findings).toEqual([expect.objectContaining({ rule: 'template-syntax', pointer: '/channels/email/text', line: 2 })]);
  });

  it('require every locale to carry every message', () => {
    const content = invoice(COMPLETE);
    const { sources } = analyzeSources(content);
    const findings = catalogRules(content, sources);
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ pointer: '/messages/ar', message: expect.stringMatching(/lacks message "brand.legalName"/) }),
        expect.objectContaining({ rule: 'message-exists', pointer: '/channels/email/mjml' }),
      ]),
    );
  });
});

describe('email line budget', () => {
  const withBudget = (content: TemplateContent, lineBudget: unknown) =>
    ({ ...content, channels: { ...content.channels, email: { ...content.channels.email!, lineBudget } } }) as TemplateContent;

  it('is a whole number of lines from 1 to 100 in the content, refused with its pointer otherwise', () => {
    expect(contentStructureErrors(withBudget(invoice(COMPLETE), 10))).toEqual([]);
    for (const bad of [0, 101, 2.5, '10']) {
      expect(contentStructureErrors(withBudget(invoice(COMPLETE), bad))).toEqual([expect.objectContaining({ pointer: '/channels/email/lineBudget' })]);
    }
  });

  it('is read only in the email of an invoice, and set only on one', () => {
    const reads = '{{#each lineBudget.lines}}{{description}}{{/each}}';
    const fine = invoice(COMPLETE.replace('</mj-text>', `${reads}</mj-text>`), `{{#each lineBudget.lines}}{{description}}{{/each}} {{invoice.number}} {{invoice.total}} {{invoice.dueDate}} {{t "brand.legalName"}}`);
    expect(lineBudgetRules(fine, analyzeSources(fine).sources)).toEqual([]);
    const update = { ...withBudget(fine, 5), kind: 'service-update' };
    const findings = lineBudgetRules(update, analyzeSources(update).sources);
    expect(new Set(findings.map(({ severity, pointer, line }) => `${severity} ${pointer} ${line ?? ''}`))).toEqual(
      new Set(['warning /channels/email/lineBudget ', 'error /channels/email/mjml 2', 'error /channels/email/text 1']),
    );
  });
});

describe('locked block rules', () => {
  const blocks = {
    'legal-footer': captureBlock(2, {
      sources: { mjml: '<mj-text>{{t "footer.legal"}} {{recipient.customerId}}</mj-text>', text: '-- {{t "footer.legal"}}' },
      messages: { en: { 'footer.legal': 'Northwind Ltd.' }, ar: { 'footer.legal': 'نورثويند' } },
    }),
    'sender-identity': captureBlock(1, { sources: { mjml: '<mj-text>{{t "brand.name"}}</mj-text>' }, messages: { en: { 'brand.name': 'Northwind' }, ar: { 'brand.name': 'نورثويند' } } }),
  };
  const body = (inner: string) => `<mjml><mj-body><mj-section><mj-column>{{> sender-identity}}${inner}</mj-column></mj-section></mj-body></mjml>`;
  const withBlocks = (mjml: string, text = '{{invoice.number}} {{invoice.total}} {{invoice.dueDate}}\n{{> legal-footer}}'): TemplateContent => ({
    ...invoice(mjml, text),
    messages: { en: { 'brand.legalName': 'x' }, ar: { 'brand.legalName': 'x' } },
    blocks,
  });
  const LINES = '<mj-text>{{invoice.number}} {{invoice.total}} {{invoice.dueDate}}</mj-text>';

  it('pass an invoice that includes its legal footer and sender identity in every part, reading block messages from the blocks', () => {
    const content = withBlocks(body(`${LINES}{{> legal-footer}}`));
    const { sources, findings } = analyzeSources(content);
    expect(findings).toEqual([]);
    expect(blockRules(content, sources)).toEqual([]);
    expect(placeholderRules(content, sources)).toEqual([]);
    expect(catalogRules(content, sources).filter((finding) => finding.rule === 'message-exists')).toEqual([]);
  });

  it('require the legal footer block in each body part, pointing at the part', () => {
    const content = withBlocks(body(LINES), '{{invoice.number}} {{invoice.total}} {{invoice.dueDate}}');
    const { sources } = analyzeSources(content);
    expect(blockRules(content, sources)).toEqual([
      expect.objectContaining({ rule: 'required-block', pointer: '/channels/email/mjml', message: expect.stringMatching(/legal footer, locked block "legal-footer"/) }),
      expect.objectContaining({ rule: 'required-block', pointer: '/channels/email/text', message: expect.stringMatching(/legal-footer/) }),
    ]);
  });

  it('check what a block reads against the template that includes it', () => {
    const content = { ...withBlocks(body(`${LINES}{{> legal-footer}}`)), dataContract: { type: 'object', properties: {} } };
    const strict = {
      ...content,
      blocks: { ...blocks, 'legal-footer': captureBlock(3, { ...blocks['legal-footer'], sources: { ...blocks['legal-footer'].sources, mjml: '<mj-text>{{account.iban}}</mj-text>' } }) },
    };
    const { sources } = analyzeSources(strict);
    expect(placeholderRules(strict, sources)).toEqual(
      expect.arrayContaining([expect.objectContaining({ rule: 'placeholder-in-contract', pointer: '/blocks/legal-footer/sources/mjml', line: 1 })]),
    );
  });

  it('refuse a template message that redefines a block message', () => {
    const content = withBlocks(body(`${LINES}{{> legal-footer}}`));
    const overriding = { ...content, messages: { en: { 'footer.legal': 'Not us' }, ar: { 'footer.legal': 'x' } } };
    const { sources } = analyzeSources(overriding);
    expect(blockRules(overriding, sources)).toEqual(
      expect.arrayContaining([expect.objectContaining({ rule: 'block-override', pointer: '/messages/en/footer.legal' })]),
    );
  });

  it('refuse partials a template defines, includes dynamically or names without a block', () => {
    for (const [inner, problem] of [
      ['{{#*inline "legal-footer"}}<mj-text>ours</mj-text>{{/inline}}{{> legal-footer}}', /cannot define its own partials/],
      ['{{> (lookup . "legal-footer")}}', /Dynamic partials/],
      ['{{#> legal-footer}}x{{/legal-footer}}', /Partial blocks/],
      ['{{> our-footer}}', /names no locked block/],
      ['{{#each invoice.lines}}{{> legal-footer}}{{/each}}', /inside \{\{#each\}\}/],
    ] as const) {
      const { findings } = analyzeSources(withBlocks(body(`${LINES}${inner}`)));
      expect({ inner, findings }).toEqual({ inner, findings: [expect.objectContaining({ rule: 'template-syntax', pointer: '/channels/email/mjml', message: expect.stringMatching(problem) })] });
    }
  });
});
