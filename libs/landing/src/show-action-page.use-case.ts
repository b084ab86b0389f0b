import { Inject, Injectable } from '@nestjs/common';
import { type ActionPurpose, ActionLinks, type ResolvedActionLink } from '@app/actions';
import { APP_CONFIG, AppConfig } from '@app/config';
import { type LandingDocument, LandingDocumentReader } from './landing-document';
import { LandingFactsRepository } from './landing-facts.repository';
import { pageLanguageOf, PageMessages, type PageLanguage } from './landing-messages';
import type { CheckoutReturn, LandingPage } from './landing-page';
import { PressTokens } from './press-token';
import { truncatedUserAgent, type VisitFacts, VisitorClassifier } from './visitor-classifier';

export interface LandingVisit {
  readonly purpose: ActionPurpose;
  readonly token: string;
  readonly visit: VisitFacts & { readonly method: 'GET' | 'HEAD' };
  /** Set when the customer is back from the provider's checkout. */
  readonly checkout?: CheckoutReturn;
}

/** A link that resolved to a document we can show, or the page that says why not. */
export type ResolvedLanding =
  | { readonly ok: true; readonly link: Exclude<ResolvedActionLink, { status: 'unknown' }>; readonly document: LandingDocument }
  | { readonly ok: false; readonly page: LandingPage };

/**
 * `GET` (and `HEAD`) of a pay or ask link: shows what is due and the one
 * button, or why there is none. Changes nothing but the view it records —
 * scanners open every link, and must never pay or ask.
 */
@Injectable()
export class ShowActionPageUseCase {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly links: ActionLinks,
    private readonly reader: LandingDocumentReader,
    private readonly facts: LandingFactsRepository,
    private readonly pressTokens: PressTokens,
    private readonly visitors: VisitorClassifier,
  ) {}

  async execute({ purpose, token, visit, checkout }: LandingVisit): Promise<LandingPage> {
    const resolved = await resolveLanding(this.links, this.reader, purpose, token, visit.acceptLanguage);
    if (!resolved.ok) return resolved.page;
    const { link, document } = resolved;
    const visitor = this.visitors.classify(link.linkId, visit);
    await this.facts.recordView({ linkId: link.linkId, documentId: link.documentId, purpose }, visit.method, visitor, truncatedUserAgent(visit.userAgent));
    const closed = closedPage(link, document);
    if (closed) return closed;
    const pressToken = this.pressTokens.issue(purpose, token);
    if (purpose === 'pay') return { kind: 'pay', document, pressToken, ...(checkout ? { checkout } : {}) };
    return { kind: 'ask', document, pressToken, whatsappUrl: whatsappUrl(this.config.landing.whatsappBusinessNumber, document) };
  }
}

export async function resolveLanding(
  links: ActionLinks,
  reader: LandingDocumentReader,
  purpose: ActionPurpose,
  token: string,
  acceptLanguage: string | undefined,
): Promise<ResolvedLanding> {
  const link = await links.resolve(purpose, token);
  const notFound: LandingPage = { kind: 'not_found', document: null, language: languageOfRequest(acceptLanguage) };
  if (link.status === 'unknown') return { ok: false, page: notFound };
  const document = await reader.read(link.documentId);
  // Only an invoice has anything to pay.
  if (!document || (purpose === 'pay' && document.kind !== 'invoice')) return { ok: false, page: notFound };
  return { ok: true, link, document };
}

/** The page of a link that can no longer be used, or null while it can. */
export function closedPage(link: Exclude<ResolvedActionLink, { status: 'unknown' }>, document: LandingDocument): LandingPage | null {
  if (link.status === 'revoked') {
    return link.reason === 'cancelled' ? { kind: 'cancelled', document } : { kind: 'paid', document, paidAt: link.revokedAt };
  }
  if (link.status === 'expired') return { kind: 'expired', document };
  return null;
}

/** A chat with the business on WhatsApp, the invoice number already typed. */
export function whatsappUrl(number: string | undefined, document: LandingDocument): string | null {
  if (!number) return null;
  const text = new PageMessages(document.language, document.localeTag).t('invoice', { number: document.number });
  return `https://wa.me/${number}?text=${encodeURIComponent(text)}`;
}

/** The language of a page that has no document to take it from (an unknown link). */
function languageOfRequest(acceptLanguage: string | undefined): PageLanguage {
  const first = acceptLanguage?.split(',')[0]?.split(';')[0]?.trim();
  return pageLanguageOf(first ?? 'en');
}
