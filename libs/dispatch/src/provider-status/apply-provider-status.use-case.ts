import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DeliveryStatus } from '../delivery.entity';
import { DeliveryEvents } from '../delivery-events';
import { FallBackToNextChannelUseCase } from '../fall-back-to-next-channel.use-case';
import { progressAfter, ReportedStatus } from './delivery-progress';
import { ProviderStatusRepository } from './provider-status.repository';

/** One status callback from a provider, already verified as theirs. */
export interface ProviderStatusReport {
  /** `twilio`, `whatsapp`. */
  readonly provider: string;
  /** Twilio's `SM…` sid, WhatsApp's `wamid…`. */
  readonly providerMessageId: string;
  /** The provider's own word, kept as sent: `undelivered`, `read`, … */
  readonly providerStatus: string;
  readonly status: ReportedStatus;
  readonly errorCode: string | null;
  /** When the provider says it happened (when it reached us, if it does not say). */
  readonly occurredAt: Date;
  readonly payload: Record<string, unknown>;
}

export interface ProviderStatusOutcome {
  /** Null when no delivery has this provider message id (the callback is still recorded). */
  readonly deliveryId: string | null;
  readonly status: DeliveryStatus | null;
  readonly changed: boolean;
  /**
   * This callback is what failed the delivery: the one moment to try another
   * channel. A repeat of it, or any later callback, is false.
   */
  readonly newlyFailed: boolean;
}

/**
 * Applies a provider's status callback to its delivery. The callback is
 * recorded first, in the same transaction as the change and under the
 * delivery's row lock: a callback recorded before changed nothing the second
 * time, and concurrent callbacks for one message apply one after the other.
 */
@Injectable()
export class ApplyProviderStatusUseCase {
  private readonly logger = new Logger('ProviderStatus');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly statuses: ProviderStatusRepository,
    private readonly deliveryEvents: DeliveryEvents,
    private readonly fallBack: FallBackToNextChannelUseCase,
  ) {}

  async execute(report: ProviderStatusReport): Promise<ProviderStatusOutcome> {
    return this.db.transaction(async (manager) => {
      const delivery = await this.statuses.lockByProviderMessageId(manager, report.providerMessageId);
      const recorded = await this.statuses.recordEvent(manager, { ...report, deliveryId: delivery?.id ?? null });
      if (!delivery) {
        if (recorded) this.logger.warn(`${report.provider} reported "${report.providerStatus}" for ${report.providerMessageId}, which no delivery has; recorded only`);
        return { deliveryId: null, status: null, changed: false, newlyFailed: false };
      }
      const next = recorded ? progressAfter(delivery, { ...report }) : null;
      if (!next) return { deliveryId: delivery.id, status: delivery.status, changed: false, newlyFailed: false };
      await this.statuses.saveProgress(manager, delivery.id, next);
      const reachedHandset = (next.status === 'delivered' || next.status === 'read') && delivery.status !== 'delivered' && delivery.status !== 'read';
      if (reachedHandset) await this.deliveryEvents.announce(manager, delivery.id, 'delivery.delivered');
      if (next.status === 'failed') {
        await this.deliveryEvents.announce(manager, delivery.id, 'delivery.failed');
        // The provider gave up after accepting it: the customer still needs the message, on the plan's next channel.
        await this.fallBack.within(manager, delivery, report.providerStatus);
      }
      return { deliveryId: delivery.id, status: next.status, changed: true, newlyFailed: next.status === 'failed' };
    });
  }
}
