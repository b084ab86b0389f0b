import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AssetStore } from '@app/assets';
import { MarketingConsentRepository, marketingConsentOf } from '@app/consent';
import { emptyOfferSlots, offerSlotContextName, type OfferSlotsContext, type Recipient, type TemplateContent, toDataUri } from '@app/contracts';
import { OfferBlocks } from '../blocks/offer-blocks';
import { offerLanguage } from '../blocks/offer-wording';
import { OfferVersionsRepository } from '../catalog/offer-versions.repository';
import { eligibilityContext } from '../eligibility/eligibility-context';
import { OfferMeasurementsRepository } from '../measurement/offer-measurements.repository';
import type { OfferContent } from '../offer-content';
import { OfferLinks } from '../offer-links';
import { armFor } from '../selection/ab-arm';
import { type OfferEvaluation, selectOffer } from '../selection/offer-selection';

export interface SampleForOffers {
  readonly content: TemplateContent;
  readonly type: string;
  readonly localeTag: string;
  readonly language: string;
  readonly dir: 'ltr' | 'rtl';
  readonly recipient: Recipient;
  readonly data: Record<string, unknown>;
}

/** A sample's offers: why each published offer would or would not be chosen, and the blocks of the one that would. */
export interface SampleOffers {
  readonly offers: readonly OfferEvaluation[];
  readonly context: OfferSlotsContext;
}

/** Where a preview's offer links point: they are never followed, so they name no document. */
const SAMPLE_DOCUMENT_ID = '00000000-0000-4000-8000-000000000000';

/**
 * Offers for previews: the same selection a document's first render makes
 * (consent on record for the sample's customer, validity, slots, eligibility,
 * the cap from the impressions recorded so far), recording nothing; and the
 * rendering of any one version — draft included — for its reviewer.
 */
@Injectable()
export class SampleOffersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly offers: OfferVersionsRepository,
    private readonly measurements: OfferMeasurementsRepository,
    private readonly consents: MarketingConsentRepository,
    private readonly assets: AssetStore,
    private readonly blocks: OfferBlocks,
    private readonly links: OfferLinks,
  ) {}

  async forSample(sample: SampleForOffers, now: Date = new Date()): Promise<SampleOffers> {
    const empty = emptyOfferSlots(sample.content.offerSlots);
    const consent = marketingConsentOf(await this.consents.find(sample.recipient.customerId), sample.recipient);
    const candidates = (await this.offers.published(this.db.manager)).map(({ offer, version }) => ({ key: offer.key, version: version.number, content: version.content }));
    const shown = await this.measurements.shownSince(this.db.manager, sample.recipient.customerId, new Date(now.getTime() - 30 * 86_400_000));
    const selection = selectOffer(candidates, {
      consent,
      templateSlots: sample.content.offerSlots ?? [],
      now,
      eligibility: eligibilityContext({ recipient: sample.recipient, data: sample.data, locale: sample.localeTag, type: sample.type }, now),
      shownLast30Days: shown,
    });
    if (!selection.chosen) return { offers: selection.evaluations, context: empty };
    const { key, version, slot, content } = selection.chosen;
    const blocks = await this.render(sample, key, version, content, armFor(content, sample.recipient.customerId, key));
    return { offers: selection.evaluations, context: { ...empty, [offerSlotContextName(slot)]: blocks } };
  }

  /** One version's blocks for a sample, whatever its status: what its reviewer looks at. */
  async render(sample: SampleForOffers, key: string, version: number, content: OfferContent, arm: string) {
    const claims = (channel: 'email' | 'pdf') => ({ documentId: SAMPLE_DOCUMENT_ID, offerKey: key, version, arm, channel });
    const bytes = content.imageAsset ? await this.assets.content(content.imageAsset.sha256) : null;
    const latest = !bytes && content.image ? (await this.assets.latest([content.image]))[content.image] : undefined;
    const image = bytes && content.imageAsset ? toDataUri(content.imageAsset.contentType, bytes) : latest ? toDataUri(latest.contentType, (await this.assets.content(latest.sha256))!) : null;
    return this.blocks.render({
      content,
      language: offerLanguage(sample.language),
      dir: sample.dir,
      arm,
      ctaUrls: { email: this.links.clickUrl(claims('email')), pdf: this.links.clickUrl(claims('pdf')) },
      imageSrc: image,
      unsubscribeUrl: this.links.unsubscribeUrl(sample.recipient.customerId),
    });
  }
}
