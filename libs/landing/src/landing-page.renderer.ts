import { createHash } from 'node:crypto';
import type { AnswerWithin } from '@app/config';
import type { LandingDocument } from './landing-document';
import { type MessageKey, PageMessages, type PageLanguage } from './landing-messages';
import { type LandingPage, QUESTION_MAX_LENGTH, QUESTION_TOPICS, STATUS_OF_PAGE } from './landing-page';

/** A page as it goes out: its status, HTML and the CSP that lets exactly its own style and logo in. */
export interface RenderedPage {
  readonly status: number;
  readonly html: string;
  readonly contentSecurityPolicy: string;
  readonly retryAfterSeconds?: number;
}

export interface RendererSettings {
  readonly answerWithin: AnswerWithin;
  /** Origins the pay button's POST may be redirected to (form-action also governs redirects). */
  readonly checkoutOrigins: readonly string[];
}

const FALLBACK_COLOUR = '#0b3d5c';

/**
 * Server-rendered, script-free pages. Every value from a document is escaped;
 * the one stylesheet is inline and allowed by its hash, so the CSP can forbid
 * everything else (`default-src 'none'`), and a brand colour varies only a
 * custom property inside it.
 */
export class LandingPageRenderer {
  constructor(private readonly settings: RendererSettings) {}

  render(page: LandingPage): RenderedPage {
    const document = page.document;
    const language: PageLanguage = document?.language ?? ('language' in page ? page.language : 'en');
    const messages = new PageMessages(language, document?.localeTag ?? language);
    const { title, main } = this.content(page, messages);
    const colour = document?.brand.colour ?? FALLBACK_COLOUR;
    const css = `:root{--brand:${colour}}${STYLES}`;
    const logo = document?.brand.logo ?? null;
    const brandName = document?.brand.name ?? '';
    const header = brandName || logo
      ? `<header class="brand">${logo ? `<img src="${escapeHtml(logo)}" alt="" width="40" height="40">` : ''}<span>${escapeHtml(brandName)}</span></header>`
      : '';
    const footer = document?.brand.legalName ? `<footer>${escapeHtml(document.brand.legalName)}</footer>` : '';
    const html =
      `<!doctype html><html lang="${language}" dir="${messages.direction}"><head><meta charset="utf-8">` +
      `<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><meta name="robots" content="noindex, nofollow">` +
      `<title>${escapeHtml(brandName ? `${title} · ${brandName}` : title)}</title><style>${css}</style></head>` +
      `<body>${header}<main>${main}</main>${footer}</body></html>`;
    const formTargets = page.kind === 'pay' ? ["'self'", ...this.settings.checkoutOrigins] : ["'self'"];
    const contentSecurityPolicy = [
      "default-src 'none'",
      `style-src 'sha256-${createHash('sha256').update(css).digest('base64')}'`,
      logo ? 'img-src data:' : "img-src 'none'",
      `form-action ${formTargets.join(' ')}`,
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ].join('; ');
    const status = page.kind === 'ask' && page.invalid ? 422 : STATUS_OF_PAGE[page.kind];
    return { status, html, contentSecurityPolicy, ...('retryAfterSeconds' in page && page.retryAfterSeconds ? { retryAfterSeconds: page.retryAfterSeconds } : {}) };
  }

  private content(page: LandingPage, m: PageMessages): { title: string; main: string } {
    const phone = page.document?.brand.supportPhone;
    const contact = phone ? `<p class="note">${withIsolated(m, 'contact', { phone })}</p>` : '';
    const message = (titleKey: MessageKey, bodyKey: MessageKey, values: Record<string, string> = {}) => {
      const title = m.t(titleKey);
      return { title, main: `<h1>${escapeHtml(title)}</h1><p>${withIsolated(m, bodyKey, values)}</p>${page.kind === 'asked' ? '' : contact}` };
    };
    switch (page.kind) {
      case 'pay': {
        const d = page.document;
        if (page.checkout === 'complete') {
          // Back from a completed checkout before the provider's webhook: say so, and offer no second payment.
          return {
            title: m.t('confirmingTitle'),
            main:
              `<h1>${escapeHtml(m.t('confirmingTitle'))}</h1><p>${withIsolated(m, 'confirmingBody', { number: d.number })}</p>${facts(d, m)}` +
              `<p class="alt"><a href="?checkout=complete">${escapeHtml(m.t('checkAgain'))}</a></p>${contact}`,
          };
        }
        const cancelled = page.checkout === 'cancelled' ? `<p class="note" role="status">${escapeHtml(m.t('checkoutCancelled'))}</p>` : '';
        const amount = formatAmount(d);
        const title = m.t('payTitle', { number: d.number });
        const button = amount ? m.t('payButton', { amount }) : m.t('payTitle', { number: d.number });
        return {
          title,
          main:
            `<h1>${withIsolated(m, 'payTitle', { number: d.number })}</h1>${cancelled}${facts(d, m)}` +
            `<form method="post">${pressField(page.pressToken)}<button type="submit">${escapeHtml(button)}</button></form>` +
            `<p class="note">${escapeHtml(m.t('payNote'))}</p>`,
        };
      }
      case 'ask': {
        const d = page.document;
        const title = m.t('askTitle', { number: d.number });
        const topics = QUESTION_TOPICS.map(
          (topic) =>
            `<label class="choice"><input type="radio" name="topic" value="${topic}"${topic === 'other' ? ' checked' : ''}> ${escapeHtml(m.t(`topic.${topic}`))}</label>`,
        ).join('');
        const lines = d.lines.length
          ? `<label for="line">${escapeHtml(m.t('lineLabel'))}</label><select id="line" name="line"><option value="">${escapeHtml(m.t('wholeInvoice'))}</option>` +
            d.lines.map((line, i) => `<option value="${i}">${escapeHtml(line)}</option>`).join('') +
            `</select>`
          : '';
        const invalid = page.invalid ? `<p class="error" role="alert">${escapeHtml(m.t('invalidBody', { max: QUESTION_MAX_LENGTH }))}</p>` : '';
        const whatsapp = page.whatsappUrl ? `<p class="alt"><a href="${escapeHtml(page.whatsappUrl)}" rel="noopener noreferrer">${escapeHtml(m.t('askOnWhatsApp'))}</a></p>` : '';
        return {
          title,
          main:
            `<h1>${withIsolated(m, 'askTitle', { number: d.number })}</h1><p>${escapeHtml(m.t('askIntro'))}</p>${facts(d, m)}${invalid}` +
            `<form method="post">${pressField(page.pressToken)}` +
            `<fieldset><legend>${escapeHtml(m.t('topicLabel'))}</legend>${topics}</fieldset>${lines}` +
            `<label for="message">${escapeHtml(m.t('messageLabel'))}</label>` +
            `<textarea id="message" name="message" rows="5" maxlength="${QUESTION_MAX_LENGTH}" required aria-describedby="message-hint"></textarea>` +
            `<p id="message-hint" class="hint">${escapeHtml(m.t('messageHint', { max: QUESTION_MAX_LENGTH }))}</p>` +
            `<button type="submit">${escapeHtml(m.t('askButton'))}</button></form>${whatsapp}`,
        };
      }
      case 'asked':
        return message('askedTitle', 'askedBody', { within: m.answerWithin(this.settings.answerWithin) });
      case 'paid':
        return message('paidTitle', 'paidBody', { number: page.document.number, date: formatDate(page.paidAt, page.document.localeTag) });
      case 'expired':
        return message('expiredTitle', 'expiredBody');
      case 'cancelled':
        return message('cancelledTitle', 'cancelledBody');
      case 'unavailable':
        return message('unavailableTitle', 'unavailableBody');
      case 'not_found':
        return message('notFoundTitle', 'notFoundBody');
      case 'forbidden':
        return message('forbiddenTitle', 'forbiddenBody');
      case 'too_many':
        return message('tooManyTitle', 'tooManyBody');
    }
  }
}

/**
 * A message whose invoice number and phone are isolated (`<bdi>`, kept on one
 * line), so a Latin number keeps its order, and its hyphens, on a
 * right-to-left page.
 */
function withIsolated(m: PageMessages, key: MessageKey, values: Record<string, string>): string {
  const isolated = ['number', 'phone'].filter((name) => values[name] !== undefined);
  const markers = Object.fromEntries(isolated.map((name, i) => [name, `\u0000${i}\u0000`]));
  let html = escapeHtml(m.t(key, { ...values, ...markers }));
  isolated.forEach((name, i) => {
    html = html.replace(`\u0000${i}\u0000`, `<bdi>${escapeHtml(values[name])}</bdi>`);
  });
  return html;
}

function facts(d: LandingDocument, m: PageMessages): string {
  const rows: string[] = [`<div><dt>${escapeHtml(m.t('invoice', { number: '' }).trim())}</dt><dd><bdi>${escapeHtml(d.number)}</bdi></dd></div>`];
  const amount = formatAmount(d);
  if (amount) rows.push(`<div><dt>${escapeHtml(m.t('amountDue'))}</dt><dd class="amount"><bdi>${escapeHtml(amount)}</bdi></dd></div>`);
  if (d.dueDate) rows.push(`<div><dt>${escapeHtml(m.t('dueBy'))}</dt><dd>${escapeHtml(formatDay(d.dueDate, d.localeTag))}</dd></div>`);
  return `<dl class="facts">${rows.join('')}</dl>`;
}

function pressField(token: string): string {
  return `<input type="hidden" name="press" value="${escapeHtml(token)}">`;
}

/** The amount in the document's locale and currency, from its exact decimal string (no binary rounding). */
export function formatAmount(d: Pick<LandingDocument, 'amountDue' | 'currency' | 'localeTag'>): string | null {
  if (!d.amountDue || !d.currency) return null;
  try {
    const format = new Intl.NumberFormat(d.localeTag, { style: 'currency', currency: d.currency });
    return format.format(d.amountDue as unknown as number);
  } catch {
    return `${d.amountDue} ${d.currency}`;
  }
}

/** A `YYYY-MM-DD` day as the document's locale writes it. */
export function formatDay(day: string, localeTag: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : formatDate(date, localeTag);
}

export function formatDate(date: Date, localeTag: string): string {
  try {
    return new Intl.DateTimeFormat(localeTag, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
  } catch {
    return date.toISOString().slice(0, 10);
  }
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * Mobile first (one column, 375 px and up), logical properties so the same
 * rules serve right-to-left, fonts that carry Arabic and Chinese, and a
 * focus ring that is always visible for keyboard users.
 */
const STYLES =
  '*{box-sizing:border-box}' +
  "html{font-family:system-ui,'Noto Sans','Noto Sans Arabic','Noto Sans CJK SC','WenQuanYi Zen Hei','PingFang SC','Microsoft YaHei',sans-serif;line-height:1.5;color:#1f2933;background:#f1f4f7}" +
  'body{margin:0 auto;max-width:34rem;padding:0 1rem 2rem}' +
  '.brand{display:flex;align-items:center;gap:.75rem;padding:1rem 0;font-weight:700;font-size:1.25rem;color:var(--brand)}' +
  '.brand img{width:40px;height:40px;display:block}' +
  'main{background:#fff;border-radius:.75rem;padding:1.25rem;box-shadow:0 1px 3px rgba(15,23,42,.12)}' +
  'h1{font-size:1.375rem;line-height:1.3;margin:0 0 .75rem;color:#102a43}' +
  'p{margin:.5rem 0}' +
  '.facts{margin:1rem 0;display:grid;gap:.5rem}' +
  '.facts div{display:flex;justify-content:space-between;gap:1rem;border-bottom:1px solid #d9e2ec;padding-bottom:.5rem}' +
  '.facts dt{color:#3e4c59}.facts dd{margin:0;font-weight:600;text-align:end}' +
  '.facts .amount{font-size:1.25rem}' +
  'bdi{white-space:nowrap}' +
  'form{margin:1rem 0 0;display:grid;gap:.5rem}' +
  'fieldset{border:1px solid #bcccdc;border-radius:.5rem;padding:.5rem .75rem;margin:0}' +
  'legend{padding:0 .25rem;font-weight:600}' +
  '.choice{display:flex;align-items:center;gap:.5rem;padding:.375rem 0;min-height:44px}' +
  '.choice input{width:1.25rem;height:1.25rem;margin:0}' +
  'label{font-weight:600}' +
  'select,textarea{font:inherit;width:100%;padding:.625rem;border:1px solid #7b8794;border-radius:.5rem;background:#fff;color:inherit}' +
  'textarea{resize:vertical}' +
  '.hint,.note{color:#3e4c59;font-size:.9375rem}' +
  'button{font:inherit;font-weight:700;font-size:1.125rem;min-height:48px;width:100%;padding:.75rem 1rem;border:0;border-radius:.5rem;background:var(--brand);color:#fff;cursor:pointer}' +
  'button:hover{filter:brightness(1.15)}' +
  ':focus-visible{outline:3px solid #b45309;outline-offset:3px}' +
  '.error{background:#fde8e8;color:#8a1c1c;border-radius:.5rem;padding:.625rem .75rem}' +
  '.alt a{color:#0b5394;font-weight:600}' +
  'footer{color:#3e4c59;font-size:.875rem;padding:1rem 0;text-align:center}';
