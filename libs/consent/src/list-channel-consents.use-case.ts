import { Injectable } from '@nestjs/common';
import type { ChannelConsentEntity, ConsentChannel, ConsentSubjectKind } from './channel-consent.entity';
import { ChannelConsentRepository } from './channel-consent.repository';

export interface ChannelConsentView {
  readonly channel: ConsentChannel;
  readonly subjectKind: ConsentSubjectKind;
  readonly subject: string;
  readonly optedOut: boolean;
  readonly keyword: string;
  readonly source: string;
  readonly changedAt: string;
}

/** The consents on record for one customer or one address; a channel without a row has never been opted out of. */
@Injectable()
export class ListChannelConsentsUseCase {
  constructor(private readonly consents: ChannelConsentRepository) {}

  async execute(kind: ConsentSubjectKind, subject: string): Promise<ChannelConsentView[]> {
    return (await this.consents.forSubject(kind, subject)).map(toView);
  }
}

function toView(row: ChannelConsentEntity): ChannelConsentView {
  return {
    channel: row.channel,
    subjectKind: row.subjectKind,
    subject: row.subject,
    optedOut: row.optedOut,
    keyword: row.keyword,
    source: row.source,
    changedAt: row.changedAt.toISOString(),
  };
}
