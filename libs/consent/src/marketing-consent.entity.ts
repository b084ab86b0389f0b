import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Whether a customer agreed to offers inside their transactional messages,
 * apart from channel consent: one may want invoices by email and no offers.
 */
@Entity('marketing_consents')
export class MarketingConsentEntity {
  @PrimaryColumn('text', { name: 'customer_id' })
  customerId: string;

  @Column('boolean')
  consented: boolean;

  /** `api` (a billing system), `unsubscribe` (the customer's one-click link). */
  @Column('text')
  source: string;

  @Column('timestamptz', { name: 'changed_at' })
  changedAt: Date;

  /** An API key id, or `customer:<id>` for the customer's own unsubscribe. */
  @Column('text', { name: 'changed_by' })
  changedBy: string;
}
