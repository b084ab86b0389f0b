import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The channels a customer can opt out of. */
export type ConsentChannel = 'email' | 'sms' | 'whatsapp';

/**
 * Whom a consent is about: a customer (by the billing system's `customerId`)
 * or an address (an E.164 number or an email address) whose customer is not
 * known — an inbound STOP can come from a number no document named yet.
 */
export type ConsentSubjectKind = 'customer' | 'address';

/** The current consent of one subject on one channel; its changes are audited. */
@Entity('channel_consents')
export class ChannelConsentEntity {
  @PrimaryColumn('text')
  channel: ConsentChannel;

  @PrimaryColumn('text', { name: 'subject_kind' })
  subjectKind: ConsentSubjectKind;

  @PrimaryColumn('text')
  subject: string;

  @Column('boolean', { name: 'opted_out' })
  optedOut: boolean;

  /** The word or action that changed it: `STOP`, `START`, `api`, … */
  @Column('text')
  keyword: string;

  /** Where the change came from: `sms-inbound`, `whatsapp-inbound`, `api`. */
  @Column('text')
  source: string;

  @Column('timestamptz', { name: 'changed_at' })
  changedAt: Date;
}
