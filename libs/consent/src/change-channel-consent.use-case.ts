import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLogRepository } from '@app/audit';
import { DomainError } from '@app/kernel';
import type { ConsentChannel } from './channel-consent.entity';
import { ChannelConsentRepository, ConsentSubject } from './channel-consent.repository';

export interface ConsentChangeRequest {
  readonly channel: ConsentChannel;
  /** The address that asked (an E.164 number, an email address), when an address did. */
  readonly address?: string;
  /** The customers known at that address, or the one an operator named. */
  readonly customerIds: readonly string[];
  readonly optedOut: boolean;
  /** The word or action: `STOP`, `START`, `api`. */
  readonly keyword: string;
  /** `sms-inbound`, `whatsapp-inbound`, `api`. */
  readonly source: string;
  /** Who made the change: an API key id, or `system:<what>` for a provider's inbound message. */
  readonly actor: string;
  /** When it was asked for; an older change than the one stored is ignored. */
  readonly at?: Date;
}

export interface ConsentChangeOutcome {
  readonly channel: ConsentChannel;
  /** The subjects whose consent this changed; empty when all of them already stood so. */
  readonly subjects: readonly ConsentSubject[];
  readonly optedOut: boolean;
}

/**
 * Opts an address — and every customer known at it — out of a channel or back
 * in, and writes the audit entry in the same transaction: a consent never
 * changes without its record. Subjects already standing so are left alone, and
 * a change that changes nothing (a repeated STOP) writes nothing at all. The
 * caller resolves the customers, so consent knows nothing of deliveries or
 * documents.
 */
@Injectable()
export class ChangeChannelConsentUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly consents: ChannelConsentRepository,
    private readonly audit: AuditLogRepository,
  ) {}

  async execute(request: ConsentChangeRequest): Promise<ConsentChangeOutcome> {
    const subjects: ConsentSubject[] = [
      ...(request.address ? [{ kind: 'address' as const, subject: request.address }] : []),
      ...[...new Set(request.customerIds)].map((customerId) => ({ kind: 'customer' as const, subject: customerId })),
    ];
    if (!subjects.length) throw new DomainError('validation_failed', 'A consent change needs an address or a customer');
    const at = request.at ?? new Date();
    const changed = await this.db.transaction(async (manager) => {
      const changing = await this.consents.needingChange(manager, request.channel, subjects, request.optedOut, at);
      if (!changing.length) return [];
      await this.consents.record({ channel: request.channel, subjects: changing, optedOut: request.optedOut, keyword: request.keyword, source: request.source, at }, manager);
      await this.audit.append(manager, {
        actor: request.actor,
        action: request.optedOut ? 'consent.opted_out' : 'consent.opted_in',
        subject: { type: 'channel_consent', id: `${request.channel}:${subjects[0].kind}:${subjects[0].subject}` },
        details: { channel: request.channel, subjects: changing, keyword: request.keyword, source: request.source, at: at.toISOString() },
      });
      return changing;
    });
    return { channel: request.channel, subjects: changed, optedOut: request.optedOut };
  }
}
