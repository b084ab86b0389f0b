import { INVOICE_TEMPLATE, invoiceTemplateWith, invoiceTemplateWithLocale } from '../../../../test/support/whatsapp-invoice-template.fixture';
import { assertSendable } from './whatsapp-finding';
import { buildWhatsAppMessage, type WhatsAppMessageInput } from './whatsapp-payload.builder';
import { domainErrorOf } from '../../../../test/support/domain-error-of';

const W = '/channels/whatsapp';

const VALUES = {
  customer_name: 'Layla Haddad',
  invoice_number: 'INV-2026-0042',
  amount: 'SAR 1,250.00',
  due_date: '1 July 2026',
};

function input(changes: Partial<WhatsAppMessageInput> = {}): WhatsAppMessageInput {
  return {
    content: INVOICE_TEMPLATE,
    language: 'en',
    to: '+966501234567',
    parameterValues: VALUES,
    buttonSuffixes: ['tok_7Kq9', 'doc_42'],
    ...changes,
  };
}

describe('buildWhatsAppMessage', () => {
  it("checks a definition once and each message's data every time; another definition is checked afresh", () => {
    const bad = invoiceTemplateWith({ name: 'Invoice Ready' });
    const first = buildWhatsAppMessage(input({ content: bad }));
    const second = buildWhatsAppMessage(input({ content: bad, to: '0501234567' }));
    const namePointer = `${W}/name`;
    expect(first.findings.map((finding) => finding.pointer)).toEqual([namePointer]);
    expect(second.findings.map((finding) => finding.pointer)).toEqual([namePointer, '/to']);
    // The same definition's findings, not one message's added to another's.
    expect(buildWhatsAppMessage(input({ content: bad })).findings).toEqual(first.findings);
    expect(buildWhatsAppMessage(input({ content: invoiceTemplateWith({ name: 'invoice_ready_v3' }) })).findings).toEqual([]);
  });

  it('builds exactly the Cloud API send body, with named parameters', () => {
    const message = buildWhatsAppMessage(input());
    expect(message.findings).toEqual([]);
    expect(JSON.parse(JSON.stringify(message.payload))).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '966501234567',
      type: 'template',
      template: {
        name: 'invoice_ready_v2',
        language: { code: 'en' },
        components: [
          {
            type: 'header',
            parameters: [{ type: 'text', parameter_name: 'invoice_number', text: 'INV-2026-0042' }],
          },
          {
            type: 'body',
            parameters: [
              { type: 'text', parameter_name: 'customer_name', text: 'Layla Haddad' },
              { type: 'text', parameter_name: 'invoice_number', text: 'INV-2026-0042' },
              { type: 'text', parameter_name: 'amount', text: 'SAR 1,250.00' },
              { type: 'text', parameter_name: 'due_date', text: '1 July 2026' },
            ],
          },
          { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: 'tok_7Kq9' }] },
          { type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: 'doc_42' }] },
          { type: 'button', sub_type: 'quick_reply', index: '2', parameters: [{ type: 'payload', payload: 'ASK_QUESTION' }] },
        ],
      },
    });
  });

  it('sends each quick reply with its merged payload, so the reply names the document it is about', () => {
    const content = invoiceTemplateWith({ buttons: [...INVOICE_TEMPLATE.buttons.slice(0, 2), { type: 'quick_reply', payload: 'ask:{{actions.askPath}}' }] });
    const message = buildWhatsAppMessage(input({ content, buttonPayloads: ['ask:X2CsRbTyoLZ5H5_l4fsucZUg'] }));
    expect(message.findings).toEqual([]);
    expect(message.payload.template.components.at(-1)).toEqual({
      type: 'button',
      sub_type: 'quick_reply',
      index: '2',
      parameters: [{ type: 'payload', payload: 'ask:X2CsRbTyoLZ5H5_l4fsucZUg' }],
    });
  });

  it('refuses a quick reply whose payload merged to nothing', () => {
    const message = buildWhatsAppMessage(input({ buttonPayloads: [' '] }));
    expect(message.findings).toContainEqual(expect.objectContaining({ severity: 'error', pointer: '/buttonPayloads/0' }));
  });

  it('returns the texts as the recipient will read them', () => {
    expect(buildWhatsAppMessage(input()).filled).toEqual({
      header: 'Invoice INV-2026-0042',
      body: 'Hello Layla Haddad, your invoice INV-2026-0042 for SAR 1,250.00 is due on 1 July 2026. Thank you.',
      footer: 'Acme Utilities',
    });
  });

  it('sends an Arabic message under the language code ar', () => {
    const message = buildWhatsAppMessage(input({ language: 'ar', parameterValues: { ...VALUES, customer_name: 'ليلى حداد', amount: '1,250.00 ر.س' } }));
    expect(message.findings).toEqual([]);
    expect(message.payload.template.language).toEqual({ code: 'ar' });
    expect(message.filled).toEqual({
      header: 'الفاتورة INV-2026-0042',
      body: 'مرحباً ليلى حداد، فاتورتك رقم INV-2026-0042 بمبلغ 1,250.00 ر.س مستحقة في 1 July 2026. شكراً لك.',
      footer: 'أكمي للخدمات',
    });
    expect(message.payload.template.components[1]).toEqual({
      type: 'body',
      parameters: [
        { type: 'text', parameter_name: 'customer_name', text: 'ليلى حداد' },
        { type: 'text', parameter_name: 'invoice_number', text: 'INV-2026-0042' },
        { type: 'text', parameter_name: 'amount', text: '1,250.00 ر.س' },
        { type: 'text', parameter_name: 'due_date', text: '1 July 2026' },
      ],
    });
  });

  it('sends a Chinese message under the language code zh_CN', () => {
    const message = buildWhatsAppMessage(input({ language: 'zh', parameterValues: { ...VALUES, customer_name: '王先生', amount: '¥1,250.00', due_date: '2026年7月1日' } }));
    expect(message.findings).toEqual([]);
    expect(message.payload.template.language).toEqual({ code: 'zh_CN' });
    expect(message.filled.body).toBe('尊敬的王先生，您的发票 INV-2026-0042 金额为 ¥1,250.00，请于 2026年7月1日 前付款。谢谢。');
  });

  it('uses the regional code when the locale tag names a region', () => {
    const content = invoiceTemplateWith({ locales: { 'en-US': INVOICE_TEMPLATE.locales.en } });
    expect(buildWhatsAppMessage(input({ content, language: 'en-US' })).payload.template.language).toEqual({ code: 'en_US' });
  });

  it('leaves out components that have no parameters and phone buttons', () => {
    const content = invoiceTemplateWith({
      parameters: {},
      buttons: [{ type: 'phone_number', phoneNumber: '+966112345678' }],
      locales: { en: { body: 'Your payment was received. Thank you.', buttonLabels: ['Call us'] } },
    });
    const message = buildWhatsAppMessage(input({ content, buttonSuffixes: [] }));
    expect(message.findings).toEqual([]);
    expect(message.payload.template.components).toEqual([]);
    expect(message.filled).toEqual({ body: 'Your payment was received. Thank you.' });
  });

  it('sends each named parameter once even when the body repeats it', () => {
    const content = invoiceTemplateWithLocale('en', {
      body: 'Invoice {{invoice_number}} for {{customer_name}}: {{amount}} due {{due_date}} (ref {{invoice_number}}).',
    });
    const body = buildWhatsAppMessage(input({ content })).payload.template.components.find((c) => c.type === 'body');
    expect(body?.parameters.map((p) => ('parameter_name' in p ? p.parameter_name : ''))).toEqual([
      'invoice_number',
      'customer_name',
      'amount',
      'due_date',
    ]);
  });

  it('does not expand placeholders that appear inside a value', () => {
    const message = buildWhatsAppMessage(input({ parameterValues: { ...VALUES, customer_name: '{{amount}}' } }));
    expect(message.filled.body).toContain('Hello {{amount}}, your invoice');
  });

  describe('after filling', () => {
    it('reports a body that long data pushes past 1024 characters, and refuses to send it', () => {
      const message = buildWhatsAppMessage(input({ parameterValues: { ...VALUES, customer_name: 'N'.repeat(1000) } }));
      expect(message.filled.body.length).toBeGreaterThan(1024);
      expect(message.findings).toEqual([
        expect.objectContaining({ severity: 'error', pointer: `${W}/locales/en/body`, code: 'limit_exceeded' }),
      ]);
      expect(message.findings[0].message).toContain('longest value: "customer_name", 1000 characters');

      const error = domainErrorOf(() => assertSendable(message.findings));
      expect(error.code).toBe('limit_exceeded');
      expect(error.errors).toEqual([{ pointer: `${W}/locales/en/body`, message: message.findings[0].message }]);
    });

    it('accepts a body of exactly 1024 characters once filled', () => {
      const withoutName = buildWhatsAppMessage(input({ parameterValues: { ...VALUES, customer_name: '' } })).filled.body;
      const values = { ...VALUES, customer_name: 'N'.repeat(1024 - withoutName.length) };
      const message = buildWhatsAppMessage(input({ parameterValues: values }));
      expect(message.filled.body).toHaveLength(1024);
      expect(message.findings.filter((f) => f.pointer.endsWith('/body'))).toEqual([]);
    });

    it('reports a header that data pushes past 60 characters', () => {
      const message = buildWhatsAppMessage(input({ parameterValues: { ...VALUES, invoice_number: 'I'.repeat(53) } }));
      expect(message.findings).toContainEqual(
        expect.objectContaining({ severity: 'error', pointer: `${W}/locales/en/header`, code: 'limit_exceeded' }),
      );
    });

    it.each([
      ['empty', ''],
      ['blank', '   '],
      ['a newline', 'Layla\nHaddad'],
      ['a tab', 'Layla\tHaddad'],
      ['five consecutive spaces', 'Layla     Haddad'],
    ])('refuses a parameter value that is %s', (_, value) => {
      const message = buildWhatsAppMessage(input({ parameterValues: { ...VALUES, customer_name: value } }));
      expect(message.findings).toEqual([
        expect.objectContaining({ severity: 'error', pointer: '/parameterValues/customer_name', code: 'validation_failed' }),
      ]);
      expect(domainErrorOf(() => assertSendable(message.findings)).code).toBe('validation_failed');
    });

    it('accepts four consecutive spaces', () => {
      const message = buildWhatsAppMessage(input({ parameterValues: { ...VALUES, customer_name: 'Layla    Haddad' } }));
      expect(message.findings).toEqual([]);
    });

    it('refuses a missing parameter value', () => {
      const { due_date: _, ...values } = VALUES;
      const message = buildWhatsAppMessage(input({ parameterValues: values }));
      expect(message.findings).toEqual([expect.objectContaining({ severity: 'error', pointer: '/parameterValues/due_date' })]);
    });

    it('refuses a missing URL suffix, and one that makes the URL longer than 2000 characters', () => {
      const missing = buildWhatsAppMessage(input({ buttonSuffixes: ['tok_7Kq9'] }));
      expect(missing.findings).toEqual([expect.objectContaining({ severity: 'error', pointer: '/buttonSuffixes/1' })]);

      const long = buildWhatsAppMessage(input({ buttonSuffixes: ['t'.repeat(2000), 'doc_42'] }));
      expect(long.findings).toEqual([
        expect.objectContaining({ severity: 'error', pointer: '/buttonSuffixes/0', code: 'limit_exceeded' }),
      ]);
    });

    it('warns about suffixes beyond the URL buttons', () => {
      const message = buildWhatsAppMessage(input({ buttonSuffixes: ['a', 'b', 'c'] }));
      expect(message.findings).toEqual([expect.objectContaining({ severity: 'warning', pointer: '/buttonSuffixes' })]);
      expect(() => assertSendable(message.findings)).not.toThrow();
    });
  });

  describe('recipient', () => {
    it.each(['966501234567', '+0966501234567', '+966 50 123 4567', '+9665012345678901', ''])('refuses %p as not E.164', (to) => {
      const message = buildWhatsAppMessage(input({ to }));
      expect(message.findings).toEqual([expect.objectContaining({ severity: 'error', pointer: '/to', code: 'validation_failed' })]);
    });

    it('sends the number as digits only', () => {
      expect(buildWhatsAppMessage(input({ to: '+8613800138000' })).payload.to).toBe('8613800138000');
    });
  });

  describe('template problems', () => {
    it('carries the problems of the chosen locale and of the whole template, not of other locales', () => {
      const content = invoiceTemplateWith({
        name: 'Invoice',
        locales: { ...INVOICE_TEMPLATE.locales, ar: { ...INVOICE_TEMPLATE.locales.ar, buttonLabels: [] } },
      });
      const en = buildWhatsAppMessage(input({ content }));
      expect(en.findings).toEqual([expect.objectContaining({ pointer: `${W}/name` })]);
      const ar = buildWhatsAppMessage(input({ content, language: 'ar' }));
      expect(ar.findings.map((f) => f.pointer)).toEqual([`${W}/name`, `${W}/locales/ar/buttonLabels`]);
    });

    it('refuses a language the template does not have', () => {
      const error = domainErrorOf(() => buildWhatsAppMessage(input({ language: 'fr' })));
      expect(error.code).toBe('validation_failed');
      expect(error.errors[0].pointer).toBe(`${W}/locales/fr`);
    });

    it('sends a copy code when the template has a copy-code button', () => {
      const content = invoiceTemplateWith({
        category: 'marketing',
        buttons: [{ type: 'copy_code', example: 'WELCOME10' }],
        locales: { en: { ...INVOICE_TEMPLATE.locales.en, buttonLabels: ['Copy code'] } },
      });
      const message = buildWhatsAppMessage(input({ content, buttonSuffixes: [], couponCode: 'SPRING25' }));
      expect(message.findings).toEqual([]);
      expect(message.payload.template.components.at(-1)).toEqual({
        type: 'button',
        sub_type: 'copy_code',
        index: '0',
        parameters: [{ type: 'coupon_code', coupon_code: 'SPRING25' }],
      });
      const tooLong = buildWhatsAppMessage(input({ content, buttonSuffixes: [], couponCode: 'C'.repeat(21) }));
      expect(tooLong.findings).toEqual([expect.objectContaining({ pointer: '/couponCode', code: 'limit_exceeded' })]);
    });
  });
});

describe('assertSendable', () => {
  it('lets warnings through', () => {
    expect(() =>
      assertSendable([{ severity: 'warning', pointer: '/x', message: 'looks promotional', code: 'validation_failed' }]),
    ).not.toThrow();
  });

  it('lists every error, and calls it validation_failed unless all are limits', () => {
    const error = domainErrorOf(() =>
      assertSendable([
        { severity: 'error', pointer: '/channels/whatsapp/locales/en/body', message: 'body too long', code: 'limit_exceeded' },
        { severity: 'error', pointer: '/to', message: 'not E.164', code: 'validation_failed' },
        { severity: 'warning', pointer: '/x', message: 'looks promotional', code: 'validation_failed' },
      ]),
    );
    expect(error.code).toBe('validation_failed');
    expect(error.message).toBe(
      'WhatsApp message cannot be sent (2 problems): /channels/whatsapp/locales/en/body: body too long; /to: not E.164',
    );
    expect(error.errors).toEqual([
      { pointer: '/channels/whatsapp/locales/en/body', message: 'body too long' },
      { pointer: '/to', message: 'not E.164' },
    ]);
  });
});
