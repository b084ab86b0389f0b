import { createHash } from 'node:crypto';
import type { LandingDocument } from './landing-document';
import { LandingPageRenderer } from './landing-page.renderer';

const renderer = new LandingPageRenderer({ answerWithin: { count: 2, unit: 'business_days' }, checkoutOrigins: ['https://checkout.stripe.com'] });

function invoice(changes: Partial<LandingDocument> = {}): LandingDocument {
  return {
    id: '0b7a1c4e-8f7e-4a53-9e1d-2f5f3c9a6b10',
    kind: 'invoice',
    templateKey: 'invoice',
    templateVersion: 1,
    localeTag: 'en-US',
    language: 'en',
    number: 'INV-2026-000122',
    currency: 'USD',
    amountDue: '1234.5',
    dueDate: '2026-12-20',
    lines: ['Fiber 1 Gbit/s', 'Router <rental>'],
    recipient: { customerId: 'C-1' },
    brand: { name: 'Northwind Fiber', legalName: 'Northwind Fiber Ltd.', supportPhone: '800-555-0199', colour: '#0b3d5c', logo: 'data:image/png;base64,AAAA' },
    ...changes,
  };
}

describe('LandingPageRenderer', () => {
  it('writes the amount and due date in the document locale and allows exactly its own stylesheet', () => {
    const page = renderer.render({ kind: 'pay', document: invoice(), pressToken: 'k.abc' });
    expect(page.status).toBe(200);
    expect(page.html).toContain('$1,234.50');
    expect(page.html).toContain('December 20, 2026');
    expect(page.html).toContain('<button type="submit">Pay $1,234.50</button>');
    const css = /<style>([^<]*)<\/style>/.exec(page.html)![1];
    expect(page.contentSecurityPolicy).toContain(`style-src 'sha256-${createHash('sha256').update(css).digest('base64')}'`);
    expect(page.contentSecurityPolicy).toContain("form-action 'self' https://checkout.stripe.com");
    expect(page.html).not.toMatch(/<script|style="/);
  });

  it('writes Arabic right to left with its own digits, isolating the Latin invoice number', () => {
    const page = renderer.render({ kind: 'pay', document: invoice({ localeTag: 'ar-SA', language: 'ar', currency: 'SAR', amountDue: '297.16' }), pressToken: 'k.abc' });
    expect(page.html).toContain('<html lang="ar" dir="rtl">');
    expect(page.html).toContain('<bdi>INV-2026-000122</bdi>');
    expect(page.html).toMatch(/٢٩٧[٫.]١٦/);
  });

  it('tells a customer back from a completed checkout that the payment is being confirmed, with no second button', () => {
    const page = renderer.render({ kind: 'pay', document: invoice(), pressToken: 'k.abc', checkout: 'complete' });
    expect(page.status).toBe(200);
    expect(page.html).toContain('We are confirming your payment');
    expect(page.html).not.toContain('<form');
    expect(page.html).toContain('href="?checkout=complete"');
  });

  it('tells a customer back from a cancelled checkout that nothing was charged, and offers the button again', () => {
    const page = renderer.render({ kind: 'pay', document: invoice({ localeTag: 'zh-CN', language: 'zh', currency: 'CNY' }), pressToken: 'k.abc', checkout: 'cancelled' });
    expect(page.html).toContain('付款已取消');
    expect(page.html).toContain('<button type="submit">');
  });

  it('escapes everything that comes from a document', () => {
    const page = renderer.render({ kind: 'ask', document: invoice({ number: '"><script>x</script>' }), pressToken: 'k.abc', whatsappUrl: null });
    expect(page.html).not.toContain('<script>');
    expect(page.html).toContain('&lt;script&gt;');
    expect(page.html).toContain('Router &lt;rental&gt;');
  });

  it('answers closed links with their status, and a 429 with its wait', () => {
    const expired = renderer.render({ kind: 'expired', document: invoice() });
    expect(expired.status).toBe(410);
    expect(expired.html).toContain('Questions? Call us on <bdi>800-555-0199</bdi>.');
    expect(renderer.render({ kind: 'cancelled', document: invoice() }).status).toBe(410);
    expect(renderer.render({ kind: 'not_found', document: null, language: 'zh' }).html).toContain('此链接无效');
    const paid = renderer.render({ kind: 'paid', document: invoice(), paidAt: new Date('2026-12-01T09:30:00Z') });
    expect(paid.html).toContain('was paid on December 1, 2026');
    expect(renderer.render({ kind: 'too_many', document: null, language: 'en', retryAfterSeconds: 42 })).toMatchObject({ status: 429, retryAfterSeconds: 42 });
  });

  it('promises an answer within the configured time in each language', () => {
    expect(renderer.render({ kind: 'asked', document: invoice() }).html).toContain('We answer within 2 business days.');
    expect(renderer.render({ kind: 'asked', document: invoice({ language: 'ar', localeTag: 'ar-SA' }) }).html).toContain('يومي عمل');
    expect(renderer.render({ kind: 'asked', document: invoice({ language: 'zh', localeTag: 'zh-CN' }) }).html).toContain('2 个工作日');
  });
});
