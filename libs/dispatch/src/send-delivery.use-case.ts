import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import { ChannelConsentRepository } from '@app/consent';
import { BatchRepository, DocumentRepository } from '@app/documents';
import { JobQueue } from '@app/jobs';
import { DomainError } from '@app/kernel';
import { counter } from '@app/observability';
import { ChannelMessages, ReadyMessage } from './channel-messages';
import { DELIVERY_QUEUES, SendDeliveryJob } from './delivery-queues';
import { DeliveryEntity } from './delivery.entity';
import { DeliveryRepository } from './delivery.repository';
import { DeliveryEvents } from './delivery-events';
import { FallBackToNextChannelUseCase } from './fall-back-to-next-channel.use-case';
import { ProviderFailure } from './provider-failure';
import { ProviderRateLimiter } from './provider-rate-limiter';
import { nextAttemptAt } from './retry-schedule';

const resends = counter('ccm_dispatch_resends_total', 'Messages sent again because a try was interrupted mid-send', ['channel']);

/**
 * One try of one delivery (the job of its channel's queue).
 *
 * Consent is asked first: an opted-out channel is `skipped` and the plan falls
 * back. `sending` is recorded before the provider is called and the
 * provider's id right after, so a try interrupted in between (a crash) leaves
 * `sending`; the job runs again after expiry and sends again with the same
 * `Message-ID` / idempotency key, counted in `ccm_dispatch_resends_total`.
 * A permanent refusal fails at once; a temporary one is settled `retry` and
 * the next try is queued for later in the same transaction (exponential
 * backoff with equal jitter, never before Retry-After) until
 * `CCM_DISPATCH_MAX_ATTEMPTS`, after which the delivery is `failed` as
 * exhausted. Failing for good moves the plan on to its next channel.
 */
@Injectable()
export class SendDeliveryUseCase {
  private readonly logger = new Logger('SendDelivery');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly documents: DocumentRepository,
    private readonly batches: BatchRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly consent: ChannelConsentRepository,
    private readonly messages: ChannelMessages,
    private readonly rateLimiter: ProviderRateLimiter,
    private readonly fallBack: FallBackToNextChannelUseCase,
    private readonly deliveryEvents: DeliveryEvents,
    private readonly jobs: JobQueue,
  ) {}

  async execute(deliveryId: string): Promise<void> {
    const delivery = await this.deliveries.find(deliveryId);
    if (!delivery || (delivery.status !== 'queued' && delivery.status !== 'sending')) return;
    const document = await this.documents.findById(delivery.documentId);
    if (!document) return;

    if (document.batchId && (await this.batches.isCancelled(document.batchId))) {
      // Its batch was cancelled before this went out: skipped, and no other channel takes its place.
      await this.db.transaction(async (manager) => {
        if (await this.deliveries.markSkipped(delivery.id, 'batch cancelled', manager)) {
          await this.deliveryEvents.announce(manager, delivery.id, 'delivery.skipped');
        }
      });
      return;
    }

    const optOut = await this.consent.optOutFor(delivery.channel, document.recipient.customerId, delivery.recipient);
    if (optOut) {
      await this.db.transaction(async (manager) => {
        if (await this.deliveries.markSkipped(delivery.id, `opted out (${optOut.keyword})`, manager)) {
          await this.deliveryEvents.announce(manager, delivery.id, 'delivery.skipped');
          await this.fallBack.within(manager, delivery, 'opted out');
        }
      });
      return;
    }

    const message = await this.readMessage(delivery);
    if (!message) return;
    const sending = await this.deliveries.markSending(delivery.id);
    if (!sending) return;
    if (sending.resend) resends.inc({ channel: delivery.channel });
    const startedAt = new Date();
    const tried = { attempt: sending.attempt, startedAt, resend: sending.resend };
    try {
      const accepted = await this.rateLimiter.schedule(delivery.channel, () => message.send());
      await this.db.transaction(async (manager) => {
        await this.deliveries.settle(delivery.id, { ...tried, outcome: 'sent', ...accepted, error: null }, manager);
        await this.deliveryEvents.announce(manager, delivery.id, 'delivery.sent');
      });
    } catch (error) {
      await this.settleFailure(delivery, tried, message.provider, ProviderFailure.from(error));
    }
  }

  /**
   * The stored message, or null when it can never be read (its rendition failed
   * or is gone): the delivery then fails, and the plan falls back, instead of
   * waiting forever. A passing outage (the blob store, a rendition still in
   * progress) is thrown, so the job is tried again.
   */
  private async readMessage(delivery: DeliveryEntity): Promise<ReadyMessage | null> {
    try {
      return await this.messages.prepare(delivery);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code === 'unavailable' || error.code === 'rendition_pending') throw error;
      const sending = await this.deliveries.markSending(delivery.id);
      if (sending) {
        const failure = new ProviderFailure(`the ${delivery.channel} message could not be read: ${error.message}`, true);
        await this.settleFailure(delivery, { ...sending, startedAt: new Date() }, this.messages.providerFor(delivery.channel), failure);
      }
      return null;
    }
  }

  private async settleFailure(
    delivery: DeliveryEntity,
    tried: { attempt: number; startedAt: Date; resend: boolean },
    provider: string,
    failure: ProviderFailure,
  ): Promise<void> {
    const exhausted = !failure.permanent && tried.attempt >= this.config.dispatch.maxAttempts;
    const outcome = failure.permanent || exhausted ? 'failed' : 'retry';
    const error = (exhausted ? `${failure.message} (gave up after ${tried.attempt} attempts)` : failure.message).slice(0, 1000);
    const next = outcome === 'retry' ? nextAttemptAt(tried.attempt, this.config.dispatch, new Date(), failure.details.retryAfterMs) : null;
    await this.db.transaction(async (manager) => {
      await this.deliveries.settle(delivery.id, { ...tried, outcome, provider, providerMessageId: null, error, nextAttemptAt: next }, manager);
      if (next) {
        await this.jobs.enqueue<SendDeliveryJob>(DELIVERY_QUEUES[delivery.channel], { deliveryId: delivery.id }, { within: manager, startAfter: next });
      } else {
        await this.deliveryEvents.announce(manager, delivery.id, 'delivery.failed');
        await this.fallBack.within(manager, delivery, exhausted ? 'exhausted' : 'failed');
      }
    });
    this.logger.warn(`${delivery.channel} delivery ${delivery.id} of ${delivery.documentId}: ${outcome} (${failure.message})`);
  }
}
