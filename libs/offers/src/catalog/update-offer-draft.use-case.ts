import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/auth';
import { VersionLifecycle } from '@app/governance';
import { checkedOfferContent } from './create-offer-draft.use-case';
import { OfferVersionsRepository } from './offer-versions.repository';
import { OfferVersionView, toOfferVersionView } from './offer.view';
import type { OfferVersionRef } from './offer-version-ref';

/** Replaces a draft's content: only a draft, only by its author (the lifecycle's rule). */
@Injectable()
export class UpdateOfferDraftUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly offers: OfferVersionsRepository,
    private readonly lifecycle: VersionLifecycle,
  ) {}

  async execute(ref: OfferVersionRef, content: unknown, principal: Principal): Promise<OfferVersionView> {
    const checked = checkedOfferContent(content);
    return this.db.transaction(async (manager) => {
      const offer = await this.offers.lock(manager, ref.key);
      const version = await this.offers.version(manager, offer, ref.number);
      const saved = await this.lifecycle.edit(manager, this.offers, offer, version, checked, principal);
      return toOfferVersionView(offer.key, saved);
    });
  }
}
