import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLogRepository } from '@app/audit';
import type { Principal } from '@app/auth';
import { DomainError } from '@app/kernel';
import { OfferVersionsRepository } from './offer-versions.repository';
import { OfferView, toOfferView } from './offer.view';

const OFFER_KEY = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** A new offer of the catalog, without versions: its first draft comes next. */
@Injectable()
export class CreateOfferUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly offers: OfferVersionsRepository,
    private readonly audit: AuditLogRepository,
  ) {}

  async execute(input: { readonly key: string; readonly description?: string }, principal: Principal): Promise<OfferView> {
    if (!OFFER_KEY.test(input.key) || input.key.length > 63) {
      throw new DomainError('validation_failed', 'The offer key is invalid', [{ pointer: '/key', message: 'must be lowercase letters, digits and single hyphens (at most 63)' }]);
    }
    return this.db.transaction(async (manager) => {
      const offer = await this.offers.insert(manager, { key: input.key, description: input.description ?? '' });
      if (!offer) throw new DomainError('conflict', `Offer "${input.key}" already exists`, [{ pointer: '/key', message: 'is already taken' }]);
      await this.audit.append(manager, { actor: principal.keyId, action: 'offer.created', subject: { type: 'offer', id: offer.key }, details: { description: offer.description } });
      return toOfferView(offer);
    });
  }
}
