import { MessageCatalog } from './message-catalog';

const content = {
  messages: {
    en: { 'invoice.title': 'Invoice {number}', 'pay.button': 'Pay now', 'ask.button': 'Ask a question' },
    ar: { 'invoice.title': 'فاتورة {number}', 'pay.button': 'ادفع الآن' },
  },
};

describe('MessageCatalog', () => {
  it('formats a message of its language', () => {
    expect(MessageCatalog.fromContent(content, 'en').format('invoice.title', { number: 'INV-1' })).toBe('Invoice INV-1');
  });

  it('lists the keys a translation is missing', () => {
    const en = MessageCatalog.fromContent(content, 'en');
    const ar = MessageCatalog.fromContent(content, 'ar');
    expect(en.missingKeys(ar)).toEqual(['ask.button']);
    expect(ar.missingKeys(en)).toEqual([]);
  });

  it('formats numbers in the digits of the full locale tag', () => {
    const ar = new MessageCatalog('ar', { count: '{n, number} بنود' });
    expect(ar.format('count', { n: 12 }, 'ar-EG')).toBe('١٢ بنود');
    expect(ar.format('count', { n: 12 }, 'ar-AE')).toBe('12 بنود');
  });

  it('keeps markup in a message as text rather than interpreting it', () => {
    const en = new MessageCatalog('en', { bold: 'Pay <b>{amount}</b> today' });
    expect(en.format('bold', { amount: '5' })).toBe('Pay <b>5</b> today');
  });

  it('reports messages that are not valid ICU MessageFormat', () => {
    const broken = new MessageCatalog('en', { good: 'Hello {name}', bad: 'You have {count, plural, one {# item}' });
    expect(broken.syntaxErrors()).toEqual([{ key: 'bad', message: expect.any(String) }]);
    expect(() => broken.format('bad', { count: 1 })).toThrow(expect.objectContaining({ code: 'template_invalid' }));
  });

  it('fails on a missing key or a missing value as a template error', () => {
    const en = MessageCatalog.fromContent(content, 'en');
    expect(() => en.format('nope')).toThrow(expect.objectContaining({ code: 'template_invalid' }));
    expect(() => en.format('invoice.title')).toThrow(expect.objectContaining({ code: 'template_invalid' }));
  });

  it('is empty for a language the content does not ship', () => {
    expect(MessageCatalog.fromContent(content, 'zh').keys()).toEqual([]);
  });
});
