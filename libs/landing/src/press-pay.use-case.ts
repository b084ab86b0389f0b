import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { ActionLinks, PayAction } from '@app/actions';
import { DomainError } from '@app/kernel';
import { type LandingDocument, LandingDocumentReader } from './landing-document';
import { LandingFactsRepository } from './landing-facts.repository';
import type { LandingOutcome, LandingPage } from './landing-page';
import { PressTokens } from './press-token';
import { closedPage, resolveLanding } from './show-action-page.use-case';
import { truncatedUserAgent, type VisitFacts } from './visitor-classifier';

export interface PayPress {
  readonly token: string;
  /** The anti-forgery token the form carried. */
  readonly pressToken: unknown;
  readonly visit: VisitFacts;
}

/**
 * The pay button: a POST with its page's anti-forgery token starts a checkout
 * for what the document owes and sends the person to the provider's page
 * (`303`). The link's state is read again first, so a paid invoice shows
 * "already paid" instead. A forged POST does nothing at all.
 */
@Injectable()
export class PressPayUseCase {
  private readonly logger = new Logger('PressPay');

  constructor(
    private readonly links: ActionLinks,
    private readonly reader: LandingDocumentReader,
    private readonly facts: LandingFactsRepository,
    private readonly pressTokens: PressTokens,
    /** Bound by the payments capability; without it the page says payment is unavailable. */
    @Optional() @Inject(PayAction) private readonly payAction: PayAction | null,
  ) {}

  async execute(press: PayPress): Promise<LandingOutcome> {
    const resolved = await resolveLanding(this.links, this.reader, 'pay', press.token, press.visit.acceptLanguage);
    if (!resolved.ok) return { kind: 'page', page: resolved.page };
    const { link, document } = resolved;
    if (!this.pressTokens.verify('pay', press.token, press.pressToken)) {
      return { kind: 'page', page: { kind: 'forbidden', document, language: document.language } };
    }
    const facts = { linkId: link.linkId, documentId: link.documentId, purpose: 'pay' as const };
    const userAgent = truncatedUserAgent(press.visit.userAgent);
    const closed = closedPage(link, document);
    if (closed) {
      await this.facts.recordPress(facts, closed.kind === 'paid' ? 'already_paid' : 'failed', press.visit.hasCookie, userAgent);
      return { kind: 'page', page: closed };
    }
    if (!this.payAction) {
      await this.facts.recordPress(facts, 'failed', press.visit.hasCookie, userAgent);
      return { kind: 'page', page: { kind: 'unavailable', document } };
    }
    try {
      const { redirectUrl } = await this.payAction.startCheckout({ documentId: link.documentId, linkId: link.linkId, attemptKey: randomUUID() });
      await this.facts.recordPress(facts, 'checkout', press.visit.hasCookie, userAgent);
      return { kind: 'redirect', location: redirectUrl };
    } catch (error) {
      // Paid meanwhile (the provider's webhook revoked the link while this press was on its way),
      // or the payments capability knows of a payment the link does not show yet?
      const again = await this.links.resolve('pay', press.token);
      const paid = again.status === 'revoked' ? closedPage(again, document) : alreadyPaidPage(error, document);
      await this.facts.recordPress(facts, paid?.kind === 'paid' ? 'already_paid' : 'failed', press.visit.hasCookie, userAgent);
      if (paid) return { kind: 'page', page: paid };
      this.logger.warn(`checkout for document ${link.documentId} could not start: ${error instanceof Error ? error.message : String(error)}`);
      return { kind: 'page', page: { kind: 'unavailable', document } };
    }
  }
}

/** The "already paid" page for the payments capability's `already_paid` refusal, dated as it says. */
function alreadyPaidPage(error: unknown, document: LandingDocument): LandingPage | null {
  if (!(error instanceof DomainError) || (error.code as string) !== 'already_paid') return null;
  const paidAt = new Date(String(error.details.paidAt ?? ''));
  return { kind: 'paid', document, paidAt: Number.isNaN(paidAt.getTime()) ? new Date() : paidAt };
}
