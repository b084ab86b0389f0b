import { counterStyleFor, footerCss, groupFooterCss, headerTemplate } from './header-footer.template';

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

  it("numbers a document printed among others from its own first page, in the locale's digits", () => {
    const css = groupFooterCss('صفحة {page} من {pages}', { lang: 'ar-SA', dir: 'rtl' }, { pageName: 'part-1', first: 3, count: 2 });
    expect(css).toContain('@counter-style part-1-page { system: fixed 4; symbols: "١" "٢"; }');
    expect(css).toContain('@page part-1 { @bottom-center { content: "صفحة " counter(page, part-1-page) " من " "٢";');
  });

  it('numbers pages with CSS page counters in the words of the catalog, right to left for Arabic', () => {
    const css = footerCss('صفحة {page} من {pages}', { lang: 'ar-SA', dir: 'rtl' });
    expect(css).toContain('content: "صفحة " counter(page, arabic-indic) " من " counter(pages, arabic-indic);');
    expect(css).toContain('direction: rtl;');
  });

  it('keeps the catalog\'s word order, even with the total first', () => {
    expect(footerCss('{pages} pages, this is {page}', { lang: 'en', dir: 'ltr' })).toContain(
      'content: counter(pages, decimal) " pages, this is " counter(page, decimal);',
    );
  });

  it('defaults to English footer words', () => {
    expect(footerCss(undefined, { lang: 'en', dir: 'ltr' })).toContain('content: "Page " counter(page, decimal) " of " counter(pages, decimal);');
  });

  it('escapes footer words so they cannot end the CSS string', () => {
    const css = footerCss('p. {page}/{pages} "} body { display: none } \\', { lang: 'en', dir: 'ltr' });
    expect(css).toContain('" \\22 } body { display: none } \\5c "');
    // Three strings: "p. ", "/" and the rest; no quote of the words closes one early.
    expect(css.match(/"/g)).toHaveLength(6);
  });

  it('counts in the digits the body uses for the tag: Arabic-Indic in Saudi Arabia, Latin in Morocco and China', () => {
    expect(counterStyleFor('ar-SA')).toBe('arabic-indic');
    expect(counterStyleFor('ar-EG')).toBe('arabic-indic');
    expect(counterStyleFor('fa-IR')).toBe('persian');
    expect(counterStyleFor('ar-MA')).toBe('decimal');
    expect(counterStyleFor('zh-CN')).toBe('decimal');
    expect(counterStyleFor('not a tag')).toBe('decimal');
  });

  it('uses the CJK face of the document language', () => {
    expect(footerCss(undefined, { lang: 'ja-JP', dir: 'ltr' })).toContain("'Noto Sans CJK JP'");
    expect(footerCss(undefined, { lang: 'zh-TW', dir: 'ltr' })).toContain("'Noto Sans CJK TC'");
  });
});
