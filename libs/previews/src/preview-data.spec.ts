import type { SampleDocument, TemplateContent } from '@app/contracts';
import { previewDocument, requestProblems } from './preview-data';

const sample = (locale: string, name: string): SampleDocument => ({ locale, recipient: { customerId: 'C-1', name }, data: { who: name } });
const content = (samples: Record<string, SampleDocument>) => ({ samples }) as unknown as TemplateContent;
const SAMPLES = content({ 'en-us': sample('en-US', 'Jordan'), 'ar-kw': sample('ar-KW', 'Fahad'), 'ar-sa': sample('ar-SA', 'Layla') });

describe('previewDocument', () => {
  it('takes the named sample', () => {
    expect(previewDocument({ sample: 'ar-sa' }, SAMPLES)).toMatchObject({ sample: 'ar-sa', locale: 'ar-SA', data: { who: 'Layla' } });
  });

  it('takes the first sample in the requested locale, then in its language, then the first', () => {
    expect(previewDocument({ locale: 'ar-SA' }, SAMPLES).sample).toBe('ar-sa');
    expect(previewDocument({ locale: 'ar-EG' }, SAMPLES)).toMatchObject({ sample: 'ar-kw', locale: 'ar-EG' });
    expect(previewDocument({ locale: 'zh-CN' }, SAMPLES)).toMatchObject({ sample: 'en-us', locale: 'zh-CN' });
    expect(previewDocument({}, SAMPLES)).toMatchObject({ sample: 'en-us', locale: 'en-US' });
  });

  it("lets the request's recipient stand in for the sample's", () => {
    const recipient = { customerId: 'C-2', name: 'A very long name' };
    expect(previewDocument({ sample: 'en-us', recipient }, SAMPLES)).toMatchObject({ recipient, data: { who: 'Jordan' } });
  });

  it('uses given data as it is', () => {
    const given = { locale: 'en-GB', recipient: { customerId: 'C-3', name: 'Sam' }, data: { who: 'Sam' } };
    expect(previewDocument(given, SAMPLES)).toEqual({ sample: null, ...given });
  });

  it('points at the sample field for an unknown sample, and at data when there is none to take', () => {
    expect(() => previewDocument({ sample: 'fr-fr' }, SAMPLES)).toThrow(expect.objectContaining({ code: 'validation_failed', errors: [expect.objectContaining({ pointer: '/sample' })] }));
    expect(() => previewDocument({}, content({}))).toThrow(expect.objectContaining({ errors: [expect.objectContaining({ pointer: '/data' })] }));
  });
});

describe('requestProblems', () => {
  it('asks for exactly one of template and content', () => {
    expect(requestProblems({})).toEqual([expect.objectContaining({ pointer: '/template' })]);
    expect(requestProblems({ template: 'invoice', content: SAMPLES })).toEqual([expect.objectContaining({ pointer: '/content' })]);
    expect(requestProblems({ version: 2, content: SAMPLES })).toEqual([expect.objectContaining({ pointer: '/version' })]);
  });

  it('asks for locale and recipient with data, and not for a sample as well', () => {
    expect(requestProblems({ template: 'invoice', sample: 'en-us', data: {} }).map((error) => error.pointer)).toEqual(['/sample', '/locale', '/recipient']);
  });
});
