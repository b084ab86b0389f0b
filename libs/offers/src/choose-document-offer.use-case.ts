import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AssetStore } from '@app/assets';
import { MarketingConsentDecision, MarketingConsentEntity, MarketingConsentRepository, marketingConsentOf } from '@app/consent';
import {
  type Channel,
  emptyOfferSlots,
  OFFER_CHANNELS,
  type OfferChannel,
  offerSlotContextName,
  type OfferSlotsContext,
  type Recipient,
  type TemplateContent,
  toDataUri,
} from '@app/contracts';
import { OfferBlocks } from './blocks/offer-blocks';
import { offerLanguage } from './blocks/offer-wording';
import { OfferVersionsRepository } from './catalog/offer-versions.repository';
import { eligibilityContext } from './eligibility/eligibility-context';
import { type OfferChoice, OfferMeasurementsRepository } from './measurement/offer-measurements.repository';
import { OfferLinks } from './offer-links';
import type { OfferContent } from './offer-content';
import { armFor } from './selection/ab-arm';
import { type OfferSelection, selectOffer } from './selection/offer-selection';

const CAP_WINDOW_MS = 30 * 86_400_000;

/** The document as offer selection sees it. */
export interface DocumentForOffer {
  readonly id: string;
  readonly type: string;
  readonly localeTag: string;
  readonly language: string;
  readonly dir: 'ltr' | 'rtl';
  readonly recipient: Recipient;
  readonly data: Record<string, unknown>;
  readonly channels: readonly Channel[];
  readonly content: TemplateContent;
}

/** Customers' stored marketing consents (null: none on record), read once for many documents. */
export type OfferConsents = ReadonlyMap<string, MarketingConsentEntity | null>;

/**
 * The offers of one document's message, as the merge context's `offers`: at
 * most one offer, in one slot the template declares, for the email and the
 * PDF only. Chosen at the first render and recorded with its impressions in
 * one transaction (under a per-customer lock, so the frequency cap holds
 * across a run rendered in parallel); every later render reuses that choice,
 * so a re-render shows the same offer. Each render still checks what may
 * have changed since: marketing consent (an unsubscribe is honoured at once),
 * and that the version is still the published one and inside its window.
 */
@Injectable()
export class ChooseDocumentOfferUseCase {
  private readonly logger = new Logger('Offers');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly offers: OfferVersionsRepository,
    private readonly measurements: OfferMeasurementsRepository,
    private readonly consents: MarketingConsentRepository,
    private readonly assets: AssetStore,
    private readonly blocks: OfferBlocks,
    private readonly links: OfferLinks,
  ) {}

  /** The stored marketing consents of many recipients, in one read. */
  async consentsOf(recipients: ReadonlyArray<Pick<Recipient, 'customerId'>>): Promise<OfferConsents> {
    const customerIds = [...new Set(recipients.map((recipient) => recipient.customerId))];
    const consents = new Map<string, MarketingConsentEntity | null>(customerIds.map((customerId) => [customerId, null]));
    if (!customerIds.length) return consents;
    for (const record of await this.db.manager.findBy(MarketingConsentEntity, { customerId: In(customerIds) })) consents.set(record.customerId, record);
    return consents;
  }

  /**
   * The offers of many documents' messages, in their order (an Error in the
   * place of a document that could not be given its offer). Recipients without
   * consent are recorded together: one read of the published offers and one
   * insert of their choices; the others are chosen one by one, as `execute` does.
   */
  async executeMany(documents: readonly DocumentForOffer[], consents: OfferConsents, now: Date = new Date()): Promise<Array<OfferSlotsContext | Error>> {
    const answers: Array<OfferSlotsContext | Error> = documents.map((document) => emptyOfferSlots(document.content.offerSlots));
    const withheld: Array<{ document: DocumentForOffer; consent: MarketingConsentDecision; index: number }> = [];
    await Promise.all(
      documents.map(async (document, index) => {
        const known = this.withheldConsent(document, consents);
        if (known) return void withheld.push({ document, consent: known, index });
        try {
          answers[index] = await this.execute(document, now, consents);
        } catch (error) {
          answers[index] = error instanceof Error ? error : new Error(String(error));
        }
      }),
    );
    try {
      await this.recordWithoutOffers(withheld, now);
    } catch (error) {
      for (const { index } of withheld) answers[index] = error instanceof Error ? error : new Error(String(error));
    }
    return answers;
  }

  /** The consent decision of a document that has room for an offer but whose recipient may not be shown one; else null. */
  private withheldConsent(document: DocumentForOffer, consents: OfferConsents | undefined): MarketingConsentDecision | null {
    if (!document.content.offerSlots?.length || !this.offerChannelsOf(document).length) return null;
    if (!consents?.has(document.recipient.customerId)) return null;
    const decision = marketingConsentOf(consents.get(document.recipient.customerId) ?? null, document.recipient);
    return decision.consented ? null : decision;
  }

  private offerChannelsOf(document: DocumentForOffer): OfferChannel[] {
    return OFFER_CHANNELS.filter((channel) => document.channels.includes(channel) && document.content.channels[channel]);
  }

  /**
   * `consents`, when given, are the recipients' stored consents as read for this
   * render (`consentsOf`); a recipient without consent then costs no transaction
   * and no lock: nothing can be shown, so no cap is at stake, and only the
   * choice (no offer, and why) is recorded, once, as it always is.
   */
  async execute(document: DocumentForOffer, now: Date = new Date(), consents?: OfferConsents): Promise<OfferSlotsContext> {
    const empty = emptyOfferSlots(document.content.offerSlots);
    const templateSlots = document.content.offerSlots ?? [];
    const channels = this.offerChannelsOf(document);
    if (!templateSlots.length || !channels.length) return empty;

    const withheld = this.withheldConsent(document, consents);
    if (withheld) {
      await this.recordWithoutOffers([{ document, consent: withheld }], now);
      return empty;
    }
    const known = consents?.has(document.recipient.customerId) ? marketingConsentOf(consents.get(document.recipient.customerId) ?? null, document.recipient) : null;

    const { choice, chosenNow } = await this.db.transaction(async (manager) => {
      await this.measurements.lockCustomer(manager, document.recipient.customerId);
      const recorded = await this.measurements.choiceOf(document.id, manager);
      if (recorded) return { choice: recorded, chosenNow: null };
      const consent = marketingConsentOf(await this.consents.find(document.recipient.customerId, manager), document.recipient);
      const candidates = (await this.offers.published(manager)).map(({ offer, version }) => ({ key: offer.key, version: version.number, content: version.content }));
      const selection = selectOffer(candidates, {
        consent,
        templateSlots,
        now,
        eligibility: eligibilityContext({ recipient: document.recipient, data: document.data, locale: document.localeTag, type: document.type }, now),
        shownLast30Days: await this.measurements.shownSince(manager, document.recipient.customerId, new Date(now.getTime() - CAP_WINDOW_MS)),
      });
      const next = this.choiceOf(document, selection);
      const chosen = selection.chosen;
      await this.measurements.recordChoice(manager, next);
      if (chosen) await this.measurements.recordImpressions(manager, next, channels);
      return { choice: next, chosenNow: chosen?.content ?? null };
    });
    if (!choice.offerKey || choice.offerVersion === null || !choice.slot || !choice.arm) return empty;

    // Chosen just now, everything was checked in the transaction; a recorded choice is checked again.
    const content = chosenNow ?? (await this.stillShowable(document, choice, now, known));
    if (!content) return empty;
    return { ...empty, [offerSlotContextName(choice.slot)]: await this.render(document, choice, content, channels) };
  }

  /**
   * The choices of recipients without consent: no offer, with the reasons a
   * selection gives, each recorded unless a choice already is (the first one stays).
   */
  private async recordWithoutOffers(
    withheld: ReadonlyArray<{ readonly document: DocumentForOffer; readonly consent: MarketingConsentDecision }>,
    now: Date,
  ): Promise<void> {
    if (!withheld.length) return;
    const candidates = (await this.offers.published(this.db.manager)).map(({ offer, version }) => ({ key: offer.key, version: version.number, content: version.content }));
    const shown = new Map<string, Map<string, number>>();
    if (candidates.length) {
      for (const customerId of new Set(withheld.map(({ document }) => document.recipient.customerId))) {
        shown.set(customerId, await this.measurements.shownSince(this.db.manager, customerId, new Date(now.getTime() - CAP_WINDOW_MS)));
      }
    }
    const choices = withheld.map(({ document, consent }) =>
      this.choiceOf(
        document,
        selectOffer(candidates, {
          consent,
          templateSlots: document.content.offerSlots ?? [],
          now,
          eligibility: eligibilityContext({ recipient: document.recipient, data: document.data, locale: document.localeTag, type: document.type }, now),
          shownLast30Days: shown.get(document.recipient.customerId) ?? new Map<string, number>(),
        }),
      ),
    );
    await this.measurements.recordChoices(this.db.manager, choices);
  }

  private choiceOf(document: DocumentForOffer, selection: OfferSelection): OfferChoice {
    const chosen = selection.chosen;
    return {
      documentId: document.id,
      customerId: document.recipient.customerId,
      offerKey: chosen?.key ?? null,
      offerVersion: chosen?.version ?? null,
      arm: chosen ? armFor(chosen.content, document.recipient.customerId, chosen.key) : null,
      slot: chosen?.slot ?? null,
      reasons: selection.evaluations,
    };
  }

  /** The chosen version's content while it may still be shown to this recipient, else null. */
  private async stillShowable(document: DocumentForOffer, choice: OfferChoice, now: Date, known: MarketingConsentDecision | null): Promise<OfferContent | null> {
    const consent = known ?? marketingConsentOf(await this.consents.find(document.recipient.customerId), document.recipient);
    if (!consent.consented) return null;
    const current = (await this.offers.published(this.db.manager)).find((entry) => entry.offer.key === choice.offerKey);
    if (!current || current.version.number !== choice.offerVersion) return null;
    const content = current.version.content;
    if (now.getTime() < Date.parse(content.validFrom) || now.getTime() >= Date.parse(content.validUntil)) return null;
    return content;
  }

  private async render(document: DocumentForOffer, choice: OfferChoice, content: OfferContent, channels: readonly OfferChannel[]) {
    const claims = (channel: OfferChannel) => ({ documentId: document.id, offerKey: choice.offerKey!, version: choice.offerVersion!, arm: choice.arm!, channel });
    const blocks = await this.blocks.render({
      content,
      language: offerLanguage(document.language),
      dir: document.dir,
      arm: choice.arm!,
      ctaUrls: { email: this.links.clickUrl(claims('email')), pdf: this.links.clickUrl(claims('pdf')) },
      imageSrc: await this.imageOf(content),
      unsubscribeUrl: this.links.unsubscribeUrl(document.recipient.customerId),
    });
    // A channel the document is not rendered in gets nothing, so nothing is counted for it.
    return { email: channels.includes('email') ? blocks.email : '', pdf: channels.includes('pdf') ? blocks.pdf : '' };
  }

  private async imageOf(content: OfferContent): Promise<string | null> {
    if (!content.imageAsset) return null;
    const bytes = await this.assets.content(content.imageAsset.sha256);
    if (!bytes) {
      this.logger.warn(`offer image ${content.image} (${content.imageAsset.sha256}) is not in the asset store; the offer renders without it`);
      return null;
    }
    return toDataUri(content.imageAsset.contentType, bytes);
  }
}
