import { DomainError } from '@app/kernel';
import { whatsAppLanguageCode } from './whatsapp-language';

describe('whatsAppLanguageCode', () => {
  it.each([
    ['en', 'en'],
    ['en-US', 'en_US'],
    ['en_us', 'en_US'],
    ['en-GB', 'en_GB'],
    ['ar', 'ar'],
    ['ar-SA', 'ar'],
    ['ar-EG', 'ar_EG'],
    ['zh', 'zh_CN'],
    ['zh-CN', 'zh_CN'],
    ['zh-TW', 'zh_TW'],
    ['zh-HK', 'zh_HK'],
    ['zh-Hans', 'zh_CN'],
    ['zh-Hant', 'zh_TW'],
    ['zh-Hant-HK', 'zh_HK'],
    ['pt', 'pt_BR'],
    ['pt-PT', 'pt_PT'],
    ['es-MX', 'es_MX'],
    ['es-CL', 'es'],
    ['no', 'nb'],
    ['fil', 'fil'],
  ])('maps %s to %s', (tag, code) => {
    expect(whatsAppLanguageCode(tag)).toBe(code);
  });

  it('passes a language Meta does not list through unchanged, so it can be reported', () => {
    expect(whatsAppLanguageCode('xx')).toBe('xx');
    expect(whatsAppLanguageCode('xx-YY')).toBe('xx_YY');
  });

  it.each(['', 'english', 'en-', 'en-US-x-private'])('rejects %p as not a locale tag', (tag) => {
    expect(() => whatsAppLanguageCode(tag)).toThrow(DomainError);
  });
});
