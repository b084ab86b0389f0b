/** The test checkout page's words, in the languages every built-in template ships. */
export const TEST_CHECKOUT_LANGUAGES = ['en', 'ar', 'zh'] as const;
export type TestCheckoutLanguage = (typeof TEST_CHECKOUT_LANGUAGES)[number];

export interface TestCheckoutMessages {
  readonly title: string;
  readonly testMode: string;
  readonly testModeDetail: string;
  readonly invoice: string;
  readonly amount: string;
  readonly amountPaid: string;
  readonly pay: string;
  readonly receivedTitle: string;
  readonly receivedBody: string;
  readonly unknownTitle: string;
  readonly unknownBody: string;
}

export const TEST_CHECKOUT_MESSAGES: Readonly<Record<TestCheckoutLanguage, TestCheckoutMessages>> = {
  en: {
    title: 'Test checkout',
    testMode: 'TEST MODE',
    testModeDetail: 'No money moves. This page stands in for a payment provider until one is configured.',
    invoice: 'Invoice',
    amount: 'Amount due',
    amountPaid: 'Amount paid',
    pay: 'Complete test payment',
    receivedTitle: 'Payment received',
    receivedBody: 'Thank you. Your invoice is paid and a confirmation is on its way.',
    unknownTitle: 'Checkout not found',
    unknownBody: 'This checkout does not exist. Open the pay link in your invoice again.',
  },
  ar: {
    title: 'دفع تجريبي',
    testMode: 'وضع الاختبار',
    testModeDetail: 'لا تُحوَّل أي أموال. تحل هذه الصفحة محل مزوّد الدفع إلى أن يُضبط مزوّد.',
    invoice: 'الفاتورة',
    amount: 'المبلغ المستحق',
    amountPaid: 'المبلغ المدفوع',
    pay: 'إتمام الدفع التجريبي',
    receivedTitle: 'تم استلام الدفعة',
    receivedBody: 'شكرًا لك. تم دفع فاتورتك وسيصلك التأكيد قريبًا.',
    unknownTitle: 'عملية الدفع غير موجودة',
    unknownBody: 'عملية الدفع هذه غير موجودة. افتح رابط الدفع في فاتورتك مرة أخرى.',
  },
  zh: {
    title: '测试结账',
    testMode: '测试模式',
    testModeDetail: '不会产生真实扣款。在配置支付服务商之前，此页面代替支付服务商。',
    invoice: '发票',
    amount: '应付金额',
    amountPaid: '已付金额',
    pay: '完成测试付款',
    receivedTitle: '已收到付款',
    receivedBody: '谢谢。您的发票已付清，确认信息即将发送给您。',
    unknownTitle: '未找到结账',
    unknownBody: '此结账不存在。请重新打开发票中的付款链接。',
  },
};

/** The page's language for a document locale (`ar-KW` → `ar`), English for any other. */
export function testCheckoutLanguage(locale: string | undefined): TestCheckoutLanguage {
  const language = (locale ?? 'en').split('-')[0].toLowerCase();
  return (TEST_CHECKOUT_LANGUAGES as readonly string[]).includes(language) ? (language as TestCheckoutLanguage) : 'en';
}
