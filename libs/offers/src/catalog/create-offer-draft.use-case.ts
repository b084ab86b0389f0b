import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@app/auth';
import { VersionLifecycle } from '@app/governance';
import { DomainError } from '@app/kernel';
import { type OfferContent, offerStructureErrors } from '../offer-content';
import { OfferVersionsRepository } from './offer-versions.repository';
import { OfferVersionView, toOfferVersionView } from './offer.view';

/**
 * A new draft offer version, from scratch or based on an earlier one, through
 * the governance lifecycle. The pinned image capture is the platform's, set at
 * submit: a posted one is dropped.
 */
@Injectable()
export class CreateOfferDraftUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly offers: OfferVersionsRepository,
    private readonly lifecycle: VersionLifecycle,
  ) {}

  async execute(key: string, content: unknown, principal: Principal, basedOn?: number): Promise<OfferVersionView> {
    const checked = checkedOfferContent(content);
    return this.db.transaction(async (manager) => {
      const offer = await this.offers.lock(manager, key);
      const saved = await this.lifecycle.draft(manager, this.offers, offer, { content: checked, basedOn }, principal);
      return toOfferVersionView(offer.key, saved);
    });
  }
}

/** Posted content, structurally valid, without what only the platform sets. */
export function checkedOfferContent(content: unknown): OfferContent {
  const errors = offerStructureErrors(content);
  if (errors.length) throw new DomainError('validation_failed', 'The offer content is invalid', errors);
  const { imageAsset: _pinnedByThePlatform, ...rest } = content as OfferContent;
  return rest;
}
