import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ChannelConsentEntity, ConsentChannel, ConsentSubjectKind } from './channel-consent.entity';

export interface ConsentSubject {
  readonly kind: ConsentSubjectKind;
  readonly subject: string;
}

export interface ConsentChange {
  readonly channel: ConsentChannel;
  readonly subjects: readonly ConsentSubject[];
  readonly optedOut: boolean;
  readonly keyword: string;
  readonly source: string;
  readonly at: Date;
}

/** The `channel_consents` table: one row per channel and subject, the latest change winning. */
@Injectable()
export class ChannelConsentRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The opt-out that stops a message to this customer at this address on this
   * channel, or null when nothing does. Either subject opting out is enough.
   */
  async optOutFor(channel: ConsentChannel, customerId: string, address: string): Promise<ChannelConsentEntity | null> {
    const rows = await this.db.manager.find(ChannelConsentEntity, {
      where: [
        { channel, subjectKind: 'customer', subject: customerId, optedOut: true },
        { channel, subjectKind: 'address', subject: address, optedOut: true },
      ],
      order: { changedAt: 'DESC' },
      take: 1,
    });
    return rows[0] ?? null;
  }

  /** Sets each subject's consent; an older change than the one stored is ignored. */
  async record(change: ConsentChange, manager: EntityManager = this.db.manager): Promise<void> {
    for (const { kind, subject } of change.subjects) {
      await manager.query(
        `INSERT INTO channel_consents (channel, subject_kind, subject, opted_out, keyword, source, changed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (channel, subject_kind, subject) DO UPDATE
           SET opted_out = EXCLUDED.opted_out, keyword = EXCLUDED.keyword, source = EXCLUDED.source, changed_at = EXCLUDED.changed_at
           WHERE channel_consents.changed_at <= EXCLUDED.changed_at`,
        [change.channel, kind, subject, change.optedOut, change.keyword, change.source, change.at],
      );
    }
  }

  forSubject(kind: ConsentSubjectKind, subject: string): Promise<ChannelConsentEntity[]> {
    return this.db.manager.find(ChannelConsentEntity, { where: { subjectKind: kind, subject }, order: { channel: 'ASC' } });
  }
}
