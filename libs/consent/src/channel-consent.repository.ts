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

  /**
   * `optOutFor` for many recipients of one channel in one read: for each
   * (customer, address) pair in order, the opt-out that stops it, or null.
   */
  async optOutsFor(channel: ConsentChannel, recipients: ReadonlyArray<{ readonly customerId: string; readonly address: string }>): Promise<Array<ChannelConsentEntity | null>> {
    if (!recipients.length) return [];
    const rows = await this.db.manager
      .createQueryBuilder(ChannelConsentEntity, 'c')
      .where('c.channel = :channel AND c.opted_out', { channel })
      .andWhere(
        "((c.subject_kind = 'customer' AND c.subject = ANY(:customers)) OR (c.subject_kind = 'address' AND c.subject = ANY(:addresses)))",
        { customers: [...new Set(recipients.map((r) => r.customerId))], addresses: [...new Set(recipients.map((r) => r.address))] },
      )
      .orderBy('c.changedAt', 'DESC')
      .getMany();
    return recipients.map(({ customerId, address }) =>
      // Newest first, as optOutFor takes it.
      rows.find((row) => (row.subjectKind === 'customer' && row.subject === customerId) || (row.subjectKind === 'address' && row.subject === address)) ?? null,
    );
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

  /**
   * The subjects a change made at `at` would change: not already `optedOut`,
   * and without a later change on record (which wins, as in `record`). Read
   * under a lock on the channel's changes until the transaction ends, so two
   * identical changes at once cannot both count as a change.
   */
  async needingChange(manager: EntityManager, channel: ConsentChannel, subjects: readonly ConsentSubject[], optedOut: boolean, at: Date): Promise<ConsentSubject[]> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('channel_consents:' || $1))`, [channel]);
    const rows = (await manager.query(
      `SELECT subject_kind, subject FROM channel_consents
        WHERE channel = $1 AND (opted_out = $2 OR changed_at > $3)
          AND (subject_kind, subject) IN (SELECT * FROM unnest($4::text[], $5::text[]))`,
      [channel, optedOut, at, subjects.map((s) => s.kind), subjects.map((s) => s.subject)],
    )) as Array<{ subject_kind: ConsentSubjectKind; subject: string }>;
    const settled = new Set(rows.map((row) => `${row.subject_kind}:${row.subject}`));
    return subjects.filter((s) => !settled.has(`${s.kind}:${s.subject}`));
  }

  forSubject(kind: ConsentSubjectKind, subject: string): Promise<ChannelConsentEntity[]> {
    return this.db.manager.find(ChannelConsentEntity, { where: { subjectKind: kind, subject }, order: { channel: 'ASC' } });
  }
}
