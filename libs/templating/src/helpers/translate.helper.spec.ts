import { MergeEngine, MergeEnv } from '../merge-engine';
import type { LocaleInfo } from '@app/contracts';
import type { MergeContext } from '../merge-context';
import { MessageCatalog } from '../message-catalog';
import { formatMoney } from './money.helper';

const engine = new MergeEngine();
const AR_SA: LocaleInfo = { tag: 'ar-SA', language: 'ar', dir: 'rtl' };
const ar = new MessageCatalog('ar', {
  lines: '{count, plural, zero {لا بنود} one {بند واحد} two {بندان} few {# بنود} many {# بندًا} other {# بند}}',
  due: 'المبلغ المستحق {amount} قبل {date}',
  greeting: 'مرحبًا {name}',
});

function context(data: Record<string, unknown>, locale: LocaleInfo = AR_SA): MergeContext {
  return {
    recipient: { customerId: 'C-1', name: 'ليلى <b>' },
    document: { id: 'doc-1', type: 'invoice' },
    locale,
    actions: { payUrl: 'https://pay.example/t/a', askUrl: 'https://ask.example/t/a', payPath: 'abc', askPath: 'def', payQrSvg: 'data:image/svg+xml;base64,' },
    ...data,
  };
}

describe('t', () => {
  const sms: MergeEnv = { catalog: ar, channel: 'sms' };
  const email: MergeEnv = { catalog: ar, channel: 'email' };

  it('chooses each of the six Arabic plural forms, in Arabic-Indic digits for ar-SA', () => {
    const template = engine.compile('{{t "lines" count=invoice.lineCount}}', { escape: 'none' });
    const forms = [0, 1, 2, 3, 11, 100].map((lineCount) => template(context({ invoice: { lineCount } }), sms));
    expect(forms).toEqual(['لا بنود', 'بند واحد', 'بندان', '٣ بنود', '١١ بندًا', '١٠٠ بند']);
  });

  it('keeps a formatted amount isolated and the customer data escaped in HTML', () => {
    const template = engine.compile(
      '{{t "due" amount=(money invoice.amountDue invoice.currency) date=(date invoice.dueDate)}} {{t "greeting" name=recipient.name}}',
      { escape: 'html' },
    );
    const html = template(context({ invoice: { amountDue: '12.500', currency: 'KWD', dueDate: '2026-11-15' } }), email);
    expect(html).toBe(`المبلغ المستحق \u2068${formatMoney('12.500', 'KWD', 'ar-SA')}\u2069 قبل ١٥ نوفمبر ٢٠٢٦ مرحبًا ليلى &lt;b&gt;`);
  });

  it('uses Unicode isolates for the same message in plain text', () => {
    const template = engine.compile('{{t "due" amount=(money invoice.amountDue invoice.currency) date=invoice.dueDate}}', { escape: 'none' });
    const text = template(context({ invoice: { amountDue: '12.500', currency: 'KWD', dueDate: 'غدًا' } }), sms);
    expect(text).toBe(`المبلغ المستحق \u2068${formatMoney('12.500', 'KWD', 'ar-SA')}\u2069 قبل غدًا`);
  });

  it('fails on a key the catalog lacks, as a template error', () => {
    const template = engine.compile('{{t "missing.key"}}', { escape: 'none' });
    expect(() => template(context({}), sms)).toThrow(expect.objectContaining({ code: 'template_invalid', message: expect.stringContaining('missing.key') }));
  });

  it('fails on an absent argument value, naming the field', () => {
    const template = engine.compile('{{t "greeting" name=recipient.email}}', { escape: 'none' });
    expect(() => template(context({}), sms)).toThrow(
      expect.objectContaining({ code: 'validation_failed', errors: [expect.objectContaining({ pointer: '/recipient/email' })] }),
    );
  });
});
