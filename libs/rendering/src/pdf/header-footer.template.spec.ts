import { footerTemplate, headerTemplate } from './header-footer.template';

describe('header and footer templates', () => {
  it('writes an explicit empty header so Chromium does not print its default date and title', () => {
    expect(headerTemplate(undefined, { lang: 'en', dir: 'ltr' })).toBe('<span></span>');
  });

  it('escapes header text that could carry customer data', () => {
    const html = headerTemplate({ left: '<img src=x onerror=alert(1)>', right: 'O\'Brien & "Sons"' }, { lang: 'en', dir: 'ltr' });
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('O&#39;Brien &amp; &quot;Sons&quot;');
  });

  it('numbers pages with Chromium\'s pageNumber and totalPages placeholders and localized words', () => {
    const html = footerTemplate('صفحة {page} من {pages}', { lang: 'ar-SA', dir: 'rtl' });
    expect(html).toContain('dir="rtl"');
    expect(html).toContain('lang="ar-SA"');
    expect(html).toMatch(/صفحة <span class="pageNumber"><\/span> من <span class="totalPages"><\/span>/);
  });

  it('defaults to English footer words', () => {
    expect(footerTemplate(undefined, { lang: 'en', dir: 'ltr' })).toMatch(/Page <span class="pageNumber"><\/span> of /);
  });

  it('uses the CJK face of the document language', () => {
    expect(footerTemplate(undefined, { lang: 'ja-JP', dir: 'ltr' })).toContain("'Noto Sans CJK JP'");
    expect(footerTemplate(undefined, { lang: 'zh-TW', dir: 'ltr' })).toContain("'Noto Sans CJK TC'");
  });
});
