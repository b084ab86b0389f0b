import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OfferVersionsRepository } from './offer-versions.repository';
import { OfferDetailView, OfferVersionView, toOfferDetailView, toOfferVersionView } from './offer.view';
import type { OfferVersionRef } from './offer-version-ref';

/** One offer with its versions' lifecycle facts, or one version with its content. */
@Injectable()
export class GetOfferUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly offers: OfferVersionsRepository,
  ) {}

  async execute(key: string): Promise<OfferDetailView> {
    const offer = await this.offers.find(this.db.manager, key);
    return toOfferDetailView(offer, await this.offers.versions(this.db.manager, offer));
  }

  async version(ref: OfferVersionRef): Promise<OfferVersionView> {
    const offer = await this.offers.find(this.db.manager, ref.key);
    return toOfferVersionView(offer.key, await this.offers.version(this.db.manager, offer, ref.number));
  }
}
