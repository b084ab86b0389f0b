import { resolveLocale } from './resolve-locale';

const content = { locales: ['en', 'ar', 'zh'], defaultLocale: 'en' };

describe('resolveLocale', () => {
  it('keeps the region for formatting and reads the language catalog', () => {
    expect(resolveLocale('ar-SA', content)).toEqual({ tag: 'ar-SA', language: 'ar', dir: 'rtl' });
    expect(resolveLocale('zh-CN', content)).toEqual({ tag: 'zh-CN', language: 'zh', dir: 'ltr' });
    expect(resolveLocale('en-GB', content)).toEqual({ tag: 'en-GB', language: 'en', dir: 'ltr' });
  });

  it('normalises the case of a tag', () => {
    expect(resolveLocale('ar-sa', content).tag).toBe('ar-SA');
  });

  it('falls back to the default locale for a language the version does not ship, or a malformed tag', () => {
    expect(resolveLocale('fr-FR', content)).toEqual({ tag: 'en', language: 'en', dir: 'ltr' });
    expect(resolveLocale('not a tag!', content)).toEqual({ tag: 'en', language: 'en', dir: 'ltr' });
    expect(resolveLocale('fr', { locales: ['ar', 'en'], defaultLocale: 'ar' })).toEqual({ tag: 'ar', language: 'ar', dir: 'rtl' });
  });

  it('lays out Hebrew, Persian and Urdu right to left too', () => {
    const shipped = { locales: ['he', 'fa', 'ur', 'en'], defaultLocale: 'en' };
    expect(['he-IL', 'fa-IR', 'ur-PK'].map((tag) => resolveLocale(tag, shipped).dir)).toEqual(['rtl', 'rtl', 'rtl']);
  });

  it('prefers a region-specific catalog when the version ships one', () => {
    expect(resolveLocale('zh-TW', { locales: ['zh', 'zh-TW'], defaultLocale: 'zh' }).language).toBe('zh-TW');
  });
});
