import { MergeEngine } from '../merge-engine';
import type { LocaleInfo } from '@app/contracts';
import type { MergeContext } from '../merge-context';
import { MessageCatalog } from '../message-catalog';
import { mergeTestContext } from '../../../../test/support/merge-test-context';
import { formatDate } from './date.helper';

const engine = new MergeEngine();
const env = { catalog: new MessageCatalog('en', {}), channel: 'email' as const };

function context(locale: LocaleInfo, data: Record<string, unknown>): MergeContext {
  return mergeTestContext(locale, data);
}

describe('date', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    process.env.TZ = originalTz;
  });

  it('keeps a due date on its calendar day wherever the server runs', () => {
    for (const zone of ['Pacific/Honolulu', 'Asia/Tokyo', 'UTC']) {
      process.env.TZ = zone;
      expect(formatDate('2026-11-15', 'long', 'en-US')).toBe('November 15, 2026');
    }
  });

  it('writes dates in the locale of the document', () => {
    expect(formatDate('2026-11-15', 'long', 'ar-SA')).toBe('١٥ نوفمبر ٢٠٢٦');
    expect(formatDate('2026-11-15', 'long', 'zh-CN')).toBe('2026年11月15日');
    expect(formatDate('2026-11-15', 'short', 'en-GB')).toBe('15/11/2026');
  });

  it('shows an instant in the requested time zone, UTC otherwise', () => {
    expect(formatDate('2026-11-14T22:30:00Z', 'datetime', 'en-GB')).toBe('14 Nov 2026, 22:30');
    expect(formatDate('2026-11-14T22:30:00Z', 'datetime', 'en-GB', 'Asia/Riyadh')).toBe('15 Nov 2026, 01:30');
    const template = engine.compile('{{date payment.at "datetime" timeZone="Asia/Kuwait"}}', { escape: 'none' });
    expect(template(context({ tag: 'en-GB', language: 'en', dir: 'ltr' }, { payment: { at: '2026-11-14T22:30:00+00:00' } }), env)).toBe(
      '15 Nov 2026, 01:30',
    );
  });

  it('defaults to the long style', () => {
    const template = engine.compile('{{date invoice.dueDate}}', { escape: 'none' });
    expect(template(context({ tag: 'en-US', language: 'en', dir: 'ltr' }, { invoice: { dueDate: '2026-11-15' } }), env)).toBe(
      'November 15, 2026',
    );
  });

  it('rejects impossible dates and times without an offset, naming the field', () => {
    const template = engine.compile('{{date invoice.dueDate}}', { escape: 'none' });
    const merge = (dueDate: string) => () => template(context({ tag: 'en', language: 'en', dir: 'ltr' }, { invoice: { dueDate } }), env);
    for (const bad of ['2026-02-30', '2026-11-15T10:00:00', '15/11/2026']) {
      expect(merge(bad)).toThrow(
        expect.objectContaining({ code: 'validation_failed', errors: [expect.objectContaining({ pointer: '/data/invoice/dueDate' })] }),
      );
    }
  });

  it('treats an unknown style written in the template as a template error', () => {
    const template = engine.compile('{{date invoice.dueDate "fancy"}}', { escape: 'none' });
    expect(() => template(context({ tag: 'en', language: 'en', dir: 'ltr' }, { invoice: { dueDate: '2026-11-15' } }), env)).toThrow(
      expect.objectContaining({ code: 'template_invalid' }),
    );
  });
});
