import type { TemplateContent } from '@app/contracts';
import { offerSlotRules } from './offer-slot-rules';
import { templateSources } from './template-sources';

function content(over: { mjml?: string; pdf?: string; sms?: string; whatsapp?: string; category?: 'utility' | 'marketing'; slots?: string[] }): TemplateContent {
  return {
    kind: 'invoice',
    name: 'Invoice',
    locales: ['en'],
    defaultLocale: 'en',
    defaultChannels: ['email'],
    dataContract: {},
    messages: { en: {} },
    offerSlots: over.slots ?? ['after-totals'],
    channels: {
      email: { subject: 's', text: 't', mjml: over.mjml ?? '<mj-raw>{{offers.afterTotals.email}}</mj-raw>' },
      pdf: { html: over.pdf ?? '{{offers.afterTotals.pdf}}' },
      sms: { text: over.sms ?? 'x', sender: 'Northwind' },
      whatsapp: {
        name: 'n',
        category: over.category ?? 'utility',
        parameters: { amount_due: over.whatsapp ?? '{{invoice.amountDue}}' },
        buttons: [],
        locales: { en: { body: '{{amount_due}}' } },
      },
    },
  } as unknown as TemplateContent;
}

const rules = (c: TemplateContent) => offerSlotRules(c, templateSources(c));

describe('offer slot rules', () => {
  it('accepts a declared slot printed by the email and the PDF, each its own block', () => {
    expect(rules(content({}))).toEqual([]);
  });

  it('refuses an offer in a WhatsApp utility message or in SMS, and only warns for a marketing WhatsApp template', () => {
    expect(rules(content({ whatsapp: '{{offers.afterTotals.email}}' }))).toEqual([
      expect.objectContaining({ severity: 'error', rule: 'offer-channel', pointer: '/channels/whatsapp/parameters/amount_due', message: expect.stringMatching(/WhatsApp utility message never carries an offer/) }),
    ]);
    expect(rules(content({ sms: 'Due {{offers.afterTotals.pdf}}' }))).toEqual([expect.objectContaining({ severity: 'error', pointer: '/channels/sms/text' })]);
    expect(rules(content({ whatsapp: '{{offers.afterTotals.email}}', category: 'marketing' }))).toEqual([expect.objectContaining({ severity: 'warning' })]);
  });

  it('refuses an undeclared slot and a channel reading the other channel’s block; warns of a declared slot never printed', () => {
    expect(rules(content({ mjml: '<mj-raw>{{offers.footer.email}}</mj-raw>' }))).toEqual(
      expect.arrayContaining([expect.objectContaining({ rule: 'offer-slot-undeclared' }), expect.objectContaining({ rule: 'offer-slot-unplaced', severity: 'warning' })]),
    );
    expect(rules(content({ pdf: '{{offers.afterTotals.email}}' }))).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'offer-slot-channel', pointer: '/channels/pdf/html' })]));
  });
});
