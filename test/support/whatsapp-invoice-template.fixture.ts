import type { WhatsAppTemplateDefinition } from '../../libs/rendering/src/whatsapp/whatsapp-template.types';

/** A utility invoice template in English, Arabic and Chinese that Meta would accept. */
export const INVOICE_TEMPLATE: WhatsAppTemplateDefinition = {
  name: 'invoice_ready_v2',
  category: 'utility',
  parameters: {
    customer_name: 'recipient.name',
    invoice_number: 'invoice.number',
    amount: 'invoice.totalFormatted',
    due_date: 'invoice.dueDateFormatted',
  },
  locales: {
    en: {
      header: 'Invoice {{invoice_number}}',
      body: 'Hello {{customer_name}}, your invoice {{invoice_number}} for {{amount}} is due on {{due_date}}. Thank you.',
      footer: 'Acme Utilities',
      buttonLabels: ['Pay now', 'View invoice', 'Ask a question'],
    },
    ar: {
      header: 'الفاتورة {{invoice_number}}',
      body: 'مرحباً {{customer_name}}، فاتورتك رقم {{invoice_number}} بمبلغ {{amount}} مستحقة في {{due_date}}. شكراً لك.',
      footer: 'أكمي للخدمات',
      buttonLabels: ['ادفع الآن', 'عرض الفاتورة', 'اطرح سؤالاً'],
    },
    zh: {
      header: '发票 {{invoice_number}}',
      body: '尊敬的{{customer_name}}，您的发票 {{invoice_number}} 金额为 {{amount}}，请于 {{due_date}} 前付款。谢谢。',
      footer: 'Acme 公用事业',
      buttonLabels: ['立即付款', '查看发票', '咨询问题'],
    },
  },
  buttons: [
    { type: 'url', url: 'https://pay.example.com/i/{{1}}', suffix: 'actions.pay.token' },
    { type: 'url', url: 'https://docs.example.com/d/{{1}}', suffix: 'document.id' },
    { type: 'quick_reply', payload: 'ASK_QUESTION' },
  ],
};

type Locale = WhatsAppTemplateDefinition['locales'][string];

/** The invoice template with some fields replaced. */
export function invoiceTemplateWith(changes: Partial<WhatsAppTemplateDefinition>): WhatsAppTemplateDefinition {
  return { ...INVOICE_TEMPLATE, ...changes };
}

/** The invoice template with one locale's fields replaced. */
export function invoiceTemplateWithLocale(tag: string, changes: Partial<Locale>): WhatsAppTemplateDefinition {
  const current = INVOICE_TEMPLATE.locales[tag] ?? INVOICE_TEMPLATE.locales.en;
  return { ...INVOICE_TEMPLATE, locales: { ...INVOICE_TEMPLATE.locales, [tag]: { ...current, ...changes } } };
}
