import { IntlMessageFormat } from 'intl-messageformat';
import type { AnswerWithin } from '@app/config';

/** The languages the pages speak; anything else is shown in English. */
export const PAGE_LANGUAGES = ['en', 'ar', 'zh'] as const;
export type PageLanguage = (typeof PAGE_LANGUAGES)[number];

type Catalog = Readonly<Record<MessageKey, string>>;

export type MessageKey =
  | 'invoice'
  | 'document'
  | 'amountDue'
  | 'dueBy'
  | 'payTitle'
  | 'payButton'
  | 'payNote'
  | 'confirmingTitle'
  | 'confirmingBody'
  | 'checkAgain'
  | 'checkoutCancelled'
  | 'askTitle'
  | 'askIntro'
  | 'lineLabel'
  | 'wholeInvoice'
  | 'topicLabel'
  | 'topic.amount'
  | 'topic.line_item'
  | 'topic.due_date'
  | 'topic.other'
  | 'messageLabel'
  | 'messageHint'
  | 'askButton'
  | 'askOnWhatsApp'
  | 'askedTitle'
  | 'askedBody'
  | 'answerWithin'
  | 'ackText'
  | 'ackSubject'
  | 'paidTitle'
  | 'paidBody'
  | 'expiredTitle'
  | 'expiredBody'
  | 'cancelledTitle'
  | 'cancelledBody'
  | 'notFoundTitle'
  | 'notFoundBody'
  | 'forbiddenTitle'
  | 'forbiddenBody'
  | 'tooManyTitle'
  | 'tooManyBody'
  | 'unavailableTitle'
  | 'unavailableBody'
  | 'invalidTitle'
  | 'invalidBody'
  | 'contact';

const EN: Catalog = {
  invoice: 'Invoice {number}',
  document: 'Your document',
  amountDue: 'Amount due',
  dueBy: 'Due by',
  payTitle: 'Pay invoice {number}',
  payButton: 'Pay {amount}',
  payNote: 'You will be taken to our payment provider’s secure page.',
  confirmingTitle: 'We are confirming your payment',
  confirmingBody: 'Your payment provider told us you completed the payment of invoice {number}. This page will show it as paid as soon as they confirm it — there is no need to pay again.',
  checkAgain: 'Check again',
  checkoutCancelled: 'The payment was cancelled and nothing was charged. You can try again.',
  askTitle: 'A question about invoice {number}',
  askIntro: 'Tell us what is unclear and we will get back to you.',
  lineLabel: 'Which line is it about?',
  wholeInvoice: 'The whole invoice',
  topicLabel: 'What is it about?',
  'topic.amount': 'The amount',
  'topic.line_item': 'A line item',
  'topic.due_date': 'The due date',
  'topic.other': 'Something else',
  messageLabel: 'Your question',
  messageHint: 'At most {max, number} characters.',
  askButton: 'Send question',
  askOnWhatsApp: 'Ask us on WhatsApp instead',
  askedTitle: 'Thank you, we have your question',
  askedBody: 'We answer within {within}. You will hear from us by the same way we sent you this invoice.',
  answerWithin: '{unit, select, business_days {{count, plural, one {# business day} other {# business days}}} days {{count, plural, one {# day} other {# days}}} other {{count, plural, one {# hour} other {# hours}}}}',
  ackText: 'We received your question about invoice {number} and will answer within {within}.',
  ackSubject: 'Your question about invoice {number}',
  paidTitle: 'This invoice is already paid',
  paidBody: 'Invoice {number} was paid on {date}. Thank you — there is nothing more to do.',
  expiredTitle: 'This link has expired',
  expiredBody: 'For your security, payment and question links work for a limited time. Please contact us for a new one.',
  cancelledTitle: 'This invoice was cancelled',
  cancelledBody: 'There is nothing to pay on it. Please contact us if you have a question.',
  notFoundTitle: 'This link is not valid',
  notFoundBody: 'Please check that you opened the whole link from your message, or contact us.',
  forbiddenTitle: 'Please try again from the page',
  forbiddenBody: 'This form was not sent from its page, or the page was open for too long. Go back, reload the page and press the button again.',
  tooManyTitle: 'Too many requests',
  tooManyBody: 'Please wait a minute and try again.',
  unavailableTitle: 'Payment is not available right now',
  unavailableBody: 'Please try again in a few minutes.',
  invalidTitle: 'Please check your question',
  invalidBody: 'Choose a topic and write your question in at most {max, number} characters.',
  contact: 'Questions? Call us on {phone}.',
};

const AR: Catalog = {
  invoice: 'الفاتورة {number}',
  document: 'مستندك',
  amountDue: 'المبلغ المستحق',
  dueBy: 'تاريخ الاستحقاق',
  payTitle: 'دفع الفاتورة {number}',
  payButton: 'ادفع {amount}',
  payNote: 'سيتم نقلك إلى الصفحة الآمنة لمزوّد الدفع.',
  confirmingTitle: 'نتحقق من دفعتك',
  confirmingBody: 'أبلغنا مزوّد الدفع بأنك أتممت دفع الفاتورة {number}. ستظهر هذه الصفحة أنها مدفوعة فور تأكيده، ولا داعي للدفع مرة أخرى.',
  checkAgain: 'تحقّق مرة أخرى',
  checkoutCancelled: 'أُلغيت عملية الدفع ولم يُخصم أي مبلغ. يمكنك المحاولة مرة أخرى.',
  askTitle: 'سؤال عن الفاتورة {number}',
  askIntro: 'أخبرنا بما هو غير واضح وسنعود إليك.',
  lineLabel: 'أي بند يخص سؤالك؟',
  wholeInvoice: 'الفاتورة كاملة',
  topicLabel: 'موضوع السؤال',
  'topic.amount': 'المبلغ',
  'topic.line_item': 'أحد البنود',
  'topic.due_date': 'تاريخ الاستحقاق',
  'topic.other': 'أمر آخر',
  messageLabel: 'سؤالك',
  messageHint: 'بحد أقصى {max, number} حرفًا.',
  askButton: 'أرسل السؤال',
  askOnWhatsApp: 'أو اسألنا عبر واتساب',
  askedTitle: 'شكرًا لك، وصلنا سؤالك',
  askedBody: 'نرد خلال {within}. سنتواصل معك بالطريقة نفسها التي أرسلنا بها هذه الفاتورة.',
  answerWithin: '{unit, select, business_days {{count, plural, zero {# يوم عمل} one {يوم عمل واحد} two {يومي عمل} few {# أيام عمل} many {# يوم عمل} other {# يوم عمل}}} days {{count, plural, zero {# يوم} one {يوم واحد} two {يومين} few {# أيام} many {# يومًا} other {# يوم}}} other {{count, plural, zero {# ساعة} one {ساعة واحدة} two {ساعتين} few {# ساعات} many {# ساعة} other {# ساعة}}}}',
  ackText: 'وصلنا سؤالك عن الفاتورة {number} وسنرد خلال {within}.',
  ackSubject: 'سؤالك عن الفاتورة {number}',
  paidTitle: 'هذه الفاتورة مدفوعة',
  paidBody: 'تم دفع الفاتورة {number} في {date}. شكرًا لك، لا يلزم أي إجراء آخر.',
  expiredTitle: 'انتهت صلاحية هذا الرابط',
  expiredBody: 'حفاظًا على أمانك، تعمل روابط الدفع والأسئلة لمدة محدودة. يرجى التواصل معنا للحصول على رابط جديد.',
  cancelledTitle: 'تم إلغاء هذه الفاتورة',
  cancelledBody: 'لا يوجد مبلغ مستحق عليها. تواصل معنا إن كان لديك سؤال.',
  notFoundTitle: 'هذا الرابط غير صالح',
  notFoundBody: 'تأكد من أنك فتحت الرابط كاملًا من رسالتك، أو تواصل معنا.',
  forbiddenTitle: 'يرجى المحاولة مجددًا من الصفحة',
  forbiddenBody: 'لم يُرسل هذا النموذج من صفحته، أو بقيت الصفحة مفتوحة مدة طويلة. ارجع وأعد تحميل الصفحة ثم اضغط الزر مجددًا.',
  tooManyTitle: 'طلبات كثيرة جدًا',
  tooManyBody: 'يرجى الانتظار دقيقة ثم المحاولة مجددًا.',
  unavailableTitle: 'الدفع غير متاح حاليًا',
  unavailableBody: 'يرجى المحاولة بعد بضع دقائق.',
  invalidTitle: 'يرجى مراجعة سؤالك',
  invalidBody: 'اختر موضوعًا واكتب سؤالك في {max, number} حرفًا على الأكثر.',
  contact: 'لديك سؤال؟ اتصل بنا على {phone}.',
};

const ZH: Catalog = {
  invoice: '账单 {number}',
  document: '您的文件',
  amountDue: '应付金额',
  dueBy: '到期日',
  payTitle: '支付账单 {number}',
  payButton: '支付 {amount}',
  payNote: '您将被转到支付服务商的安全页面。',
  confirmingTitle: '正在确认您的付款',
  confirmingBody: '支付服务商已告知我们您完成了账单 {number} 的付款。确认后此页面将显示为已支付，无需再次付款。',
  checkAgain: '再次查看',
  checkoutCancelled: '付款已取消，未扣除任何费用。您可以重试。',
  askTitle: '关于账单 {number} 的问题',
  askIntro: '请告诉我们哪里不清楚，我们会尽快回复您。',
  lineLabel: '与哪一项有关？',
  wholeInvoice: '整张账单',
  topicLabel: '问题类型',
  'topic.amount': '金额',
  'topic.line_item': '某个项目',
  'topic.due_date': '到期日',
  'topic.other': '其他',
  messageLabel: '您的问题',
  messageHint: '最多 {max, number} 个字符。',
  askButton: '提交问题',
  askOnWhatsApp: '或通过 WhatsApp 咨询',
  askedTitle: '谢谢，我们已收到您的问题',
  askedBody: '我们会在{within}内答复。我们将通过发送本账单的同一方式与您联系。',
  answerWithin: '{unit, select, business_days {{count} 个工作日} days {{count} 天} other {{count} 小时}}',
  ackText: '我们已收到您关于账单 {number} 的问题，将在{within}内答复。',
  ackSubject: '您关于账单 {number} 的问题',
  paidTitle: '此账单已支付',
  paidBody: '账单 {number} 已于 {date} 支付。谢谢，您无需再做任何操作。',
  expiredTitle: '此链接已过期',
  expiredBody: '为了您的安全，付款和咨询链接只在一段时间内有效。请联系我们获取新链接。',
  cancelledTitle: '此账单已取消',
  cancelledBody: '无需支付任何款项。如有疑问，请联系我们。',
  notFoundTitle: '此链接无效',
  notFoundBody: '请确认您打开的是消息中的完整链接，或联系我们。',
  forbiddenTitle: '请返回页面重试',
  forbiddenBody: '此表单并非从其页面提交，或页面打开时间过长。请返回并刷新页面，然后再次点击按钮。',
  tooManyTitle: '请求过多',
  tooManyBody: '请稍等一分钟后重试。',
  unavailableTitle: '暂时无法付款',
  unavailableBody: '请几分钟后重试。',
  invalidTitle: '请检查您的问题',
  invalidBody: '请选择问题类型，并用不超过 {max, number} 个字符写下您的问题。',
  contact: '有疑问？请致电 {phone}。',
};

const CATALOGS: Readonly<Record<PageLanguage, Catalog>> = { en: EN, ar: AR, zh: ZH };

export function pageLanguageOf(localeTag: string): PageLanguage {
  const language = localeTag.split(/[-_]/)[0]?.toLowerCase();
  return (PAGE_LANGUAGES as readonly string[]).includes(language) ? (language as PageLanguage) : 'en';
}

/** One language's wording, ICU MessageFormat, formatted in the document's own locale (digits, plurals). */
export class PageMessages {
  private readonly formats = new Map<MessageKey, IntlMessageFormat>();

  constructor(
    readonly language: PageLanguage,
    /** The document's locale tag (`ar-KW`), for plural rules and numbers; falls back to the language. */
    readonly localeTag: string,
  ) {}

  t(key: MessageKey, values: Record<string, string | number> = {}): string {
    let format = this.formats.get(key);
    if (!format) {
      format = new IntlMessageFormat(CATALOGS[this.language][key], [this.localeTag, this.language]);
      this.formats.set(key, format);
    }
    return String(format.format(values));
  }

  answerWithin(within: AnswerWithin): string {
    return this.t('answerWithin', { unit: within.unit, count: within.count });
  }

  get direction(): 'rtl' | 'ltr' {
    return this.language === 'ar' ? 'rtl' : 'ltr';
  }
}
