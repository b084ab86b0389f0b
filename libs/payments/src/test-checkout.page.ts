import { createHash } from 'node:crypto';
import { TEST_CHECKOUT_MESSAGES, testCheckoutLanguage } from './test-checkout.messages';

export type TestCheckoutView =
  | {
      readonly state: 'open' | 'paid';
      readonly locale: string;
      readonly invoiceNumber: string;
      /** Decimal string. */
      readonly amount: string;
      readonly currency: string;
    }
  | { readonly state: 'unknown' };

/** The POST the button makes: where, and the anti-forgery token that goes with it. */
export interface TestCheckoutForm {
  readonly action: string;
  readonly token: string;
}

const STYLE = `
body{margin:0;font:16px/1.5 system-ui,"Noto Sans","Noto Sans Arabic","WenQuanYi Zen Hei",sans-serif;background:#f4f5f7;color:#1d2330}
main{max-width:28rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:.5rem;box-shadow:0 1px 3px rgba(0,0,0,.15)}
.test{margin:0 0 1rem;padding:.75rem;border:2px dashed #b54708;background:#fffaeb;color:#7a2e0e}
.test strong{display:block;letter-spacing:.08em}
dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem}dt{color:#5d6679}dd{margin:0;font-weight:600}
button{width:100%;padding:.75rem;border:0;border-radius:.375rem;background:#1f5eff;color:#fff;font:inherit;font-weight:600;cursor:pointer}
button:focus-visible{outline:3px solid #1d2330;outline-offset:2px}
`;

/**
 * The page's policy: nothing loads from anywhere, the one inline style is
 * allowed by its hash, the form may only post back here, and no site may frame
 * it. Sent with `Referrer-Policy: no-referrer`, so the session's address never
 * leaves in a Referer.
 */
export const TEST_CHECKOUT_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The built-in checkout page, server-rendered (no script), in the document's language. */
export function renderTestCheckoutPage(view: TestCheckoutView, form?: TestCheckoutForm): string {
  const language = testCheckoutLanguage(view.state === 'unknown' ? undefined : view.locale);
  const m = TEST_CHECKOUT_MESSAGES[language];
  const dir = language === 'ar' ? 'rtl' : 'ltr';
  const banner = `<p class="test" role="note"><strong>${escape(m.testMode)}</strong>${escape(m.testModeDetail)}</p>`;
  let body: string;
  let title: string;
  if (view.state === 'unknown') {
    title = m.unknownTitle;
    body = `<p>${escape(m.unknownBody)}</p>`;
  } else {
    title = view.state === 'paid' ? m.receivedTitle : m.title;
    const facts = `<dl><dt>${escape(m.invoice)}</dt><dd><bdi>${escape(view.invoiceNumber)}</bdi></dd><dt>${escape(view.state === 'paid' ? m.amountPaid : m.amount)}</dt><dd><bdi>${escape(formatMoney(view.amount, view.currency, view.locale))}</bdi></dd></dl>`;
    body =
      view.state === 'paid' || !form
        ? `${facts}<p role="status">${escape(m.receivedBody)}</p>`
        : `${facts}<form method="post" action="${escape(form.action)}"><input type="hidden" name="token" value="${escape(form.token)}"><button type="submit">${escape(m.pay)}</button></form>`;
  }
  return `<!doctype html>
<html lang="${language}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex">
<title>${escape(m.testMode)} · ${escape(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${banner}
<h1>${escape(title)}</h1>
${body}
</main>
</body>
</html>
`;
}

/** The amount as the customer's locale writes it; the decimal string goes in as is, so nothing is lost to a float. */
function formatMoney(amount: string, currency: string, locale: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount as Intl.StringNumericLiteral);
  } catch {
    return `${amount} ${currency}`;
  }
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
