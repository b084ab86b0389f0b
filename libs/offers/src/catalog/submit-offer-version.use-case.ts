import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/auth';
import { VersionLifecycle } from '@app/governance';
import { OfferLint } from '../lint/offer-lint';
import { OfferVersionsRepository } from './offer-versions.repository';
import { OfferVersionView, toOfferVersionView } from './offer.view';
import type { OfferVersionRef } from './offer-version-ref';

/** Submits a draft for review after the offer's lint (422 naming each failing field); from here on it never changes. */
@Injectable()
export class SubmitOfferVersionUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly offers: OfferVersionsRepository,
    private readonly lifecycle: VersionLifecycle,
    private readonly lint: OfferLint,
  ) {}

  async execute(ref: OfferVersionRef, principal: Principal): Promise<OfferVersionView> {
    return this.db.transaction(async (manager) => {
      const offer = await this.offers.lock(manager, ref.key);
      const version = await this.offers.version(manager, offer, ref.number);
      this.lifecycle.assertDraftOf(this.offers, offer, version, principal);
      const { content } = await this.lint.check(version.content, manager);
      const saved = await this.lifecycle.submit(manager, this.offers, offer, version, principal, { content, findings: [] });
      return toOfferVersionView(offer.key, saved);
    });
  }
}
