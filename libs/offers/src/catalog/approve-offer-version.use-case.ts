import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/auth';
import { VersionLifecycle } from '@app/governance';
import { OfferVersionsRepository } from './offer-versions.repository';
import { OfferVersionView, toOfferVersionView } from './offer.view';
import type { OfferVersionRef } from './offer-version-ref';

/** Four-eyes approval, exactly as for templates: never by the version's author, with any of their keys. */
@Injectable()
export class ApproveOfferVersionUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly offers: OfferVersionsRepository,
    private readonly lifecycle: VersionLifecycle,
  ) {}

  async execute(ref: OfferVersionRef, input: { readonly comment?: string; readonly publish?: boolean }, principal: Principal): Promise<OfferVersionView> {
    return this.db.transaction(async (manager) => {
      const offer = await this.offers.lock(manager, ref.key);
      const version = await this.offers.version(manager, offer, ref.number);
      return toOfferVersionView(offer.key, await this.lifecycle.approve(manager, this.offers, offer, version, principal, input));
    });
  }
}
