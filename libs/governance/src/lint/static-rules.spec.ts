import type { TemplateContent } from '@app/templating';
import { catalogRules } from './catalog-rules';
import { kindRules } from './kind-rules';
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

  it('require the legal footer in each body part of the email', () => {
    const content = invoice(COMPLETE.replace('{{t "brand.legalName"}}', ''));
    const { sources } = analyzeSources(content);
    expect(kindRules(content, sources)).toEqual([
      expect.objectContaining({ severity: 'error', pointer: '/channels/email/mjml', message: expect.stringMatching(/legal footer/) }),
    ]);
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
