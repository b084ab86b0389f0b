import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { MarketingConsentEntity } from './marketing-consent.entity';

/** Reads and writes `marketing_consents`; the rules are the use cases'. */
@Injectable()
export class MarketingConsentRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  find(customerId: string, manager: EntityManager = this.db.manager): Promise<MarketingConsentEntity | null> {
    return manager.findOneBy(MarketingConsentEntity, { customerId });
  }

  /** The row locked until the transaction ends, so two changes of one customer apply one after the other. */
  async lockedFind(manager: EntityManager, customerId: string): Promise<MarketingConsentEntity | null> {
    return manager.getRepository(MarketingConsentEntity).findOne({ where: { customerId }, lock: { mode: 'pessimistic_write' } });
  }

  async save(manager: EntityManager, consent: MarketingConsentEntity): Promise<void> {
    await manager.getRepository(MarketingConsentEntity).save(consent);
  }
}
