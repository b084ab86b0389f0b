import type { LintFinding, VersionStatus } from '../api/views';

/** What the platform answers on the offer routes, kept to the fields the studio reads. */
export const OFFER_LANGUAGES = ['en', 'ar', 'zh'] as const;
export type OfferLanguage = (typeof OFFER_LANGUAGES)[number];

export interface OfferText {
  title: string;
  body: string;
  ctaLabel: string;
}

/** A version's content, in the shape POST/PUT /v1/offers/{key}/versions takes. */
export interface OfferContent {
  kind: string;
  texts: Record<OfferLanguage, OfferText>;
  image?: string;
  cta: { type: 'url'; url: string } | { type: 'ask' };
  validFrom: string;
  validUntil: string;
  priority: number;
  frequencyCap: number;
  slots: string[];
  abSplit?: unknown;
  channels: { email: { mjml: string }; pdf: { html: string } };
  eligibility: unknown;
}

export interface OfferSummary {
  readonly key: string;
  readonly description: string;
  readonly publishedVersion: number | null;
  readonly createdAt: string;
}

export interface OfferVersion {
  readonly key: string;
  readonly number: number;
  readonly status: VersionStatus;
  readonly content: OfferContent;
  readonly author: string;
  readonly basedOn: number | null;
  readonly submittedAt: string | null;
  readonly approvedBy: string | null;
  readonly reviewComment: string | null;
  readonly publishedAt: string | null;
  readonly lintFindings: readonly LintFinding[];
}

export interface OfferDetail extends OfferSummary {
  readonly versions: readonly Omit<OfferVersion, 'content' | 'key'>[];
}

export interface OfferPreview {
  readonly template: { readonly key: string; readonly version: number };
  readonly sample: string;
  readonly locale: { readonly tag: string; readonly language: string; readonly dir: string };
  readonly arm: string;
  readonly slot: string | null;
  readonly eligibility: { readonly eligible: boolean; readonly summary: string };
  readonly email: { readonly subject: string; readonly html: string };
  readonly pdf: { readonly pdfBase64: string; readonly pages: number; readonly firstPagePng?: string };
}

/** A new offer's first draft: every required part filled, so it previews at once and the marketer edits from there. */
export function starterContent(): OfferContent {
  const now = new Date();
  const inAQuarter = new Date(now.getTime() + 90 * 86_400_000);
  return {
    kind: 'invoice',
    texts: {
      en: { title: 'A better plan for you', body: 'More for a little more each month.', ctaLabel: 'See the offer' },
      ar: { title: 'باقة أفضل لك', body: 'المزيد مقابل مبلغ بسيط إضافي كل شهر.', ctaLabel: 'اطّلع على العرض' },
      zh: { title: '更适合您的套餐', body: '每月只需多付一点，即可享受更多。', ctaLabel: '查看优惠' },
    },
    cta: { type: 'ask' },
    validFrom: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    validUntil: inAQuarter.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    priority: 10,
    frequencyCap: 3,
    slots: ['after-totals'],
    channels: {
      email: { mjml: '<mj-text font-size="18px" font-weight="700">{{title}}</mj-text>\n<mj-text>{{body}}</mj-text>\n<mj-button href="{{ctaUrl}}">{{ctaLabel}}</mj-button>' },
      pdf: { html: '<h3>{{title}}</h3>\n<p>{{body}} <a href="{{ctaUrl}}">{{ctaLabel}}</a></p>' },
    },
    eligibility: { and: [{ '==': [{ var: 'document.type' }, 'invoice'] }] },
  };
}
