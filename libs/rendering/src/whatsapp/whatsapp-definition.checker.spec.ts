import { checkWhatsAppDefinition } from './whatsapp-definition.checker';
import type { WhatsAppFinding } from './whatsapp-finding';
import { INVOICE_TEMPLATE, invoiceTemplateWith, invoiceTemplateWithLocale } from '../../../../test/support/whatsapp-invoice-template.fixture';
import type { WhatsAppTemplateButton } from './whatsapp-template.types';

const W = '/channels/whatsapp';

function error(pointer: string, code: WhatsAppFinding['code'] = 'validation_failed') {
  return expect.objectContaining({ severity: 'error', pointer, code });
}
function warning(pointer: string) {
  return expect.objectContaining({ severity: 'warning', pointer });
}
const errorsOf = (findings: WhatsAppFinding[]) => findings.filter((finding) => finding.severity === 'error');

const quickReply = (payload: string): WhatsAppTemplateButton => ({ type: 'quick_reply', payload });
const labels = (count: number) => Array.from({ length: count }, (_, i) => `Option ${i + 1}`);

/** The invoice template with other buttons, and matching labels in every locale. */
function withButtons(buttons: WhatsAppTemplateButton[]) {
  const locales = Object.fromEntries(
    Object.entries(INVOICE_TEMPLATE.locales).map(([tag, locale]) => [tag, { ...locale, buttonLabels: labels(buttons.length) }]),
  );
  return invoiceTemplateWith({ buttons, locales });
}

describe('checkWhatsAppDefinition', () => {
  it('finds nothing wrong with a valid utility template in English, Arabic and Chinese', () => {
    expect(checkWhatsAppDefinition(INVOICE_TEMPLATE)).toEqual([]);
  });

  it('places findings under the pointer it is given', () => {
    const findings = checkWhatsAppDefinition(invoiceTemplateWith({ name: 'Invoice' }), { pointer: '/content' });
    expect(findings).toEqual([error('/content/name')]);
  });

  describe('template name', () => {
    it.each(['Invoice_ready', 'invoice-ready', 'invoice ready', 'facture_été', ''])('refuses %p', (name) => {
      expect(checkWhatsAppDefinition(invoiceTemplateWith({ name }))).toContainEqual(error(`${W}/name`));
    });

    it('refuses a name longer than 512 characters', () => {
      expect(checkWhatsAppDefinition(invoiceTemplateWith({ name: 'a'.repeat(512) }))).toEqual([]);
      expect(checkWhatsAppDefinition(invoiceTemplateWith({ name: 'a'.repeat(513) }))).toEqual([
        error(`${W}/name`, 'limit_exceeded'),
      ]);
    });
  });

  describe('texts', () => {
    it('refuses a header over 60 characters', () => {
      const ok = invoiceTemplateWithLocale('en', { header: `Invoice {{invoice_number}} ${'x'.repeat(60 - 27)}` });
      expect(checkWhatsAppDefinition(ok)).toEqual([]);
      const long = invoiceTemplateWithLocale('en', { header: `Invoice {{invoice_number}} ${'x'.repeat(61 - 27)}` });
      expect(checkWhatsAppDefinition(long)).toEqual([error(`${W}/locales/en/header`, 'limit_exceeded')]);
    });

    it('refuses a header with more than one parameter', () => {
      const findings = checkWhatsAppDefinition(
        invoiceTemplateWithLocale('ar', { header: 'الفاتورة {{invoice_number}} {{due_date}}' }),
      );
      expect(findings).toEqual([error(`${W}/locales/ar/header`, 'limit_exceeded')]);
      expect(findings[0].message).toBe('header has 2 parameters, more than 1');
    });

    it('refuses a body over 1024 characters before any data', () => {
      const body = `مرحباً {{customer_name}}، فاتورتك رقم {{invoice_number}} بمبلغ {{amount}} مستحقة في {{due_date}}. `;
      const long = invoiceTemplateWithLocale('ar', { body: body + 'ش'.repeat(1025 - body.length) });
      expect(checkWhatsAppDefinition(long)).toEqual([error(`${W}/locales/ar/body`, 'limit_exceeded')]);
      const exact = invoiceTemplateWithLocale('ar', { body: body + 'ش'.repeat(1024 - body.length) });
      expect(checkWhatsAppDefinition(exact)).toEqual([]);
    });

    it('refuses a body that starts or ends with a parameter', () => {
      const starts = invoiceTemplateWithLocale('zh', { body: '{{customer_name}}，您的发票 {{invoice_number}} 金额 {{amount}}，{{due_date}} 到期。' });
      expect(checkWhatsAppDefinition(starts)).toEqual([error(`${W}/locales/zh/body`)]);
      const ends = invoiceTemplateWithLocale('en', { body: 'Hi {{customer_name}}, invoice {{invoice_number}}, {{amount}}, due {{due_date}}' });
      expect(checkWhatsAppDefinition(ends)).toEqual([error(`${W}/locales/en/body`)]);
    });

    it('refuses a footer over 60 characters or holding a parameter', () => {
      expect(checkWhatsAppDefinition(invoiceTemplateWithLocale('zh', { footer: '公'.repeat(61) }))).toEqual([
        error(`${W}/locales/zh/footer`, 'limit_exceeded'),
      ]);
      expect(checkWhatsAppDefinition(invoiceTemplateWithLocale('en', { footer: 'Ref {{invoice_number}}' }))).toContainEqual(
        error(`${W}/locales/en/footer`),
      );
    });
  });

  describe('parameters', () => {
    it('refuses a parameter used in a locale but not declared', () => {
      const findings = checkWhatsAppDefinition(
        invoiceTemplateWithLocale('ar', {
          body: 'مرحباً {{customer_name}}، فاتورتك {{invoice_number}} بمبلغ {{amount}} مستحقة في {{due_date}} رصيدك {{balance}}.',
        }),
      );
      expect(findings).toEqual([error(`${W}/locales/ar/body`)]);
      expect(findings[0].message).toContain('{{balance}}');
    });

    it('warns when a locale leaves out a declared parameter', () => {
      const findings = checkWhatsAppDefinition(
        invoiceTemplateWithLocale('zh', { body: '尊敬的{{customer_name}}，您的发票 {{invoice_number}} 金额为 {{amount}}。谢谢。' }),
      );
      expect(findings).toEqual([warning(`${W}/locales/zh`)]);
      expect(findings[0].message).toContain('due_date');
    });

    it('refuses a declared parameter no locale uses', () => {
      const findings = checkWhatsAppDefinition(
        invoiceTemplateWith({ parameters: { ...INVOICE_TEMPLATE.parameters, balance: 'account.balance' } }),
      );
      expect(errorsOf(findings)).toEqual([error(`${W}/parameters/balance`)]);
    });

    it('refuses parameter names Meta does not accept, declared or used', () => {
      const declared = checkWhatsAppDefinition(
        invoiceTemplateWith({ parameters: { ...INVOICE_TEMPLATE.parameters, CustomerName: 'recipient.name' } }),
      );
      expect(declared).toContainEqual(error(`${W}/parameters/CustomerName`));
      const used = checkWhatsAppDefinition(
        invoiceTemplateWithLocale('en', {
          body: 'Hello {{ customer_name }}, invoice {{invoice_number}} for {{amount}} is due {{due_date}}. Thanks.',
        }),
      );
      expect(used).toContainEqual(error(`${W}/locales/en/body`));
    });

    it('refuses a parameter without an expression for its value', () => {
      const findings = checkWhatsAppDefinition(
        invoiceTemplateWith({ parameters: { ...INVOICE_TEMPLATE.parameters, amount: ' ' } }),
      );
      expect(findings).toEqual([error(`${W}/parameters/amount`)]);
    });
  });

  describe('buttons', () => {
    it('refuses more than 10 buttons', () => {
      const findings = checkWhatsAppDefinition(withButtons(Array.from({ length: 11 }, (_, i) => quickReply(`R${i}`))));
      expect(findings).toContainEqual(error(`${W}/buttons`, 'limit_exceeded'));
      expect(findings).toContainEqual(error(`${W}/buttons/10`, 'limit_exceeded'));
    });

    it('accepts 10 quick replies', () => {
      expect(checkWhatsAppDefinition(withButtons(Array.from({ length: 10 }, (_, i) => quickReply(`R${i}`))))).toEqual([]);
    });

    it('refuses a third URL button, naming it', () => {
      const url = { type: 'url' as const, url: 'https://pay.example.com/i/{{1}}', suffix: 'actions.pay.token' };
      const findings = checkWhatsAppDefinition(withButtons([url, url, url]));
      expect(findings).toEqual([error(`${W}/buttons/2`, 'limit_exceeded')]);
      expect(findings[0].message).toBe('template has 3 URL buttons, more than 2');
    });

    it('refuses a second phone button and a second copy-code button', () => {
      const phone = { type: 'phone_number' as const, phoneNumber: '+966112345678' };
      expect(errorsOf(checkWhatsAppDefinition(withButtons([phone, phone])))).toEqual([error(`${W}/buttons/1`, 'limit_exceeded')]);
      const copy = { type: 'copy_code' as const, example: 'WELCOME10' };
      const findings = checkWhatsAppDefinition(invoiceTemplateWith({ category: 'marketing', ...withButtonsPart([copy, copy]) }));
      expect(findings).toEqual([error(`${W}/buttons/1`, 'limit_exceeded')]);
    });

    it('refuses quick replies that are not grouped together', () => {
      const url = { type: 'url' as const, url: 'https://pay.example.com/i/{{1}}', suffix: 'actions.pay.token' };
      const findings = checkWhatsAppDefinition(withButtons([quickReply('YES'), url, quickReply('NO')]));
      expect(findings).toEqual([error(`${W}/buttons/1`)]);
      expect(checkWhatsAppDefinition(withButtons([url, quickReply('YES'), quickReply('NO')]))).toEqual([]);
      expect(checkWhatsAppDefinition(withButtons([quickReply('YES'), quickReply('NO'), url]))).toEqual([]);
    });

    it('refuses a button label over 25 characters, naming locale and button', () => {
      const findings = checkWhatsAppDefinition(
        invoiceTemplateWithLocale('en', { buttonLabels: ['Pay your invoice right now', 'View invoice', 'Ask a question'] }),
      );
      expect(findings).toEqual([error(`${W}/locales/en/buttonLabels/0`, 'limit_exceeded')]);
    });

    it('refuses a locale whose labels do not match the buttons', () => {
      const findings = checkWhatsAppDefinition(invoiceTemplateWithLocale('ar', { buttonLabels: ['ادفع الآن', 'عرض الفاتورة'] }));
      expect(findings).toEqual([error(`${W}/locales/ar/buttonLabels`)]);
      expect(findings[0].message).toBe('locale has 2 button labels for 3 buttons');
    });

    it('refuses a URL over 2000 characters', () => {
      const url = `https://pay.example.com/${'p'.repeat(2000 - 30)}/{{1}}`;
      expect(url.length).toBe(2000);
      expect(checkWhatsAppDefinition(withButtons([{ type: 'url', url, suffix: 'x' }]))).toEqual([]);
      const longer = `https://pay.example.com/${'p'.repeat(2001 - 30)}/{{1}}`;
      expect(checkWhatsAppDefinition(withButtons([{ type: 'url', url: longer, suffix: 'x' }]))).toEqual([
        error(`${W}/buttons/0/url`, 'limit_exceeded'),
      ]);
    });

    it.each([
      ['no variable', 'https://pay.example.com/pay'],
      ['two variables', 'https://pay.example.com/{{1}}/{{1}}'],
      ['a variable before the end', 'https://pay.example.com/{{1}}/pay'],
      ['a named variable', 'https://pay.example.com/i/{{token}}'],
      ['the host as variable', 'https://{{1}}'],
      ['no web scheme', 'ftp://pay.example.com/i/{{1}}'],
    ])('refuses a URL with %s', (_, url) => {
      expect(checkWhatsAppDefinition(withButtons([{ type: 'url', url, suffix: 'x' }]))).toContainEqual(error(`${W}/buttons/0/url`));
    });

    it('refuses a URL button without a suffix expression', () => {
      const findings = checkWhatsAppDefinition(withButtons([{ type: 'url', url: 'https://pay.example.com/i/{{1}}' }]));
      expect(findings).toEqual([error(`${W}/buttons/0/suffix`)]);
    });

    it('refuses a phone number that is not E.164', () => {
      const findings = checkWhatsAppDefinition(withButtons([{ type: 'phone_number', phoneNumber: '0112345678' }]));
      expect(findings).toEqual([error(`${W}/buttons/0/phoneNumber`)]);
    });

    it('refuses a copy code over 20 characters, and warns about one in a utility template', () => {
      const findings = checkWhatsAppDefinition(withButtons([{ type: 'copy_code', example: 'C'.repeat(21) }]));
      expect(findings).toEqual([error(`${W}/buttons/0/example`, 'limit_exceeded'), warning(`${W}/buttons/0`)]);
    });
  });

  describe('utility wording', () => {
    it.each([
      ['en', 'Hello {{customer_name}}, invoice {{invoice_number}} for {{amount}} is due {{due_date}}. Get 20% off your next bill!'],
      ['en', 'Hello {{customer_name}}, invoice {{invoice_number}} for {{amount}} is due {{due_date}}. Upgrade now for more speed.'],
      ['ar', 'مرحباً {{customer_name}}، فاتورتك {{invoice_number}} بمبلغ {{amount}} مستحقة في {{due_date}}. احصل على خصم 20٪.'],
      ['zh', '尊敬的{{customer_name}}，您的发票 {{invoice_number}} 金额为 {{amount}}，请于 {{due_date}} 前付款。本月优惠。'],
      ['zh', '尊敬的{{customer_name}}，您的发票 {{invoice_number}} 金额为 {{amount}}，请于 {{due_date}} 前付款，享受八折折扣。'],
    ])('warns about promotional wording in a %s utility body', (tag, body) => {
      const findings = checkWhatsAppDefinition(invoiceTemplateWithLocale(tag, { body }));
      expect(findings).toEqual([warning(`${W}/locales/${tag}/body`)]);
    });

    it('checks button labels and footers too', () => {
      const findings = checkWhatsAppDefinition(
        invoiceTemplateWithLocale('en', { footer: 'Special offer inside', buttonLabels: ['Pay now', 'See discounts', 'Ask'] }),
      );
      expect(findings).toEqual([warning(`${W}/locales/en/footer`), warning(`${W}/locales/en/buttonLabels/1`)]);
    });

    it('does not flag everyday invoice words', () => {
      const body = 'Hello {{customer_name}}, we offered to split invoice {{invoice_number}} ({{amount}}) from our sales team; due {{due_date}}.';
      expect(checkWhatsAppDefinition(invoiceTemplateWithLocale('en', { body }))).toEqual([]);
    });

    it('lets a marketing template carry offers', () => {
      const body = 'Hello {{customer_name}}, invoice {{invoice_number}} for {{amount}} is due {{due_date}}. Get 20% off your next bill!';
      expect(checkWhatsAppDefinition(invoiceTemplateWith({ ...invoiceTemplateWithLocale('en', { body }), category: 'marketing' }))).toEqual([]);
    });
  });

  describe('locales', () => {
    it('refuses a template without locales', () => {
      expect(checkWhatsAppDefinition(invoiceTemplateWith({ locales: {} }))).toContainEqual(error(`${W}/locales`));
    });

    it('refuses a locale key that is not a locale tag, and warns about a language Meta does not list', () => {
      const bad = invoiceTemplateWith({ locales: { english: INVOICE_TEMPLATE.locales.en } });
      expect(checkWhatsAppDefinition(bad)).toEqual([error(`${W}/locales/english`)]);
      const unknown = invoiceTemplateWith({ locales: { xx: INVOICE_TEMPLATE.locales.en } });
      expect(checkWhatsAppDefinition(unknown)).toEqual([warning(`${W}/locales/xx`)]);
    });
  });
});

function withButtonsPart(buttons: WhatsAppTemplateButton[]) {
  const { buttons: withNew, locales } = withButtons(buttons);
  return { buttons: withNew, locales };
}
