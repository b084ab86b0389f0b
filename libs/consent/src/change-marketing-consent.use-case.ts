import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLogRepository } from '@app/audit';
import { DomainError } from '@app/kernel';
import { MarketingConsentEntity } from './marketing-consent.entity';
import { MarketingConsentRepository } from './marketing-consent.repository';

export interface MarketingConsentChange {
  readonly customerId: string;
  readonly consented: boolean;
  /** `api`, `unsubscribe`. */
  readonly source: string;
  /** An API key id, or `customer:<id>` when the customer unsubscribed. */
  readonly actor: string;
  /** When it was given or withdrawn; an older change than the one stored is ignored. */
  readonly at?: Date;
}

export interface MarketingConsentView {
  readonly customerId: string;
  readonly consented: boolean;
  readonly source: string;
  readonly changedAt: string;
  /** False when the change was older than the stored one or already so. */
  readonly changed: boolean;
}

/**
 * Gives or withdraws a customer's marketing consent, with its audit entry in
 * the same transaction. A repeat of the stored state writes nothing; a change
 * older than the stored one loses (billing systems replay).
 */
@Injectable()
export class ChangeMarketingConsentUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly consents: MarketingConsentRepository,
    private readonly audit: AuditLogRepository,
  ) {}

  async execute(change: MarketingConsentChange): Promise<MarketingConsentView> {
    if (!change.customerId.trim()) throw new DomainError('validation_failed', 'A customer id is required', [{ pointer: '/customerId', message: 'must not be empty' }]);
    const at = change.at ?? new Date();
    return this.db.transaction(async (manager) => {
      const stored = await this.consents.lockedFind(manager, change.customerId);
      if (stored && (stored.consented === change.consented || stored.changedAt > at)) return view(stored, false);
      const next = Object.assign(new MarketingConsentEntity(), {
        customerId: change.customerId,
        consented: change.consented,
        source: change.source,
        changedAt: at,
        changedBy: change.actor,
      });
      await this.consents.save(manager, next);
      await this.audit.append(manager, {
        actor: change.actor,
        action: change.consented ? 'marketing_consent.given' : 'marketing_consent.withdrawn',
        subject: { type: 'marketing_consent', id: change.customerId },
        details: { source: change.source, at: at.toISOString(), previous: stored ? stored.consented : null },
      });
      return view(next, true);
    });
  }
}

function view(consent: MarketingConsentEntity, changed: boolean): MarketingConsentView {
  return { customerId: consent.customerId, consented: consent.consented, source: consent.source, changedAt: consent.changedAt.toISOString(), changed };
}
