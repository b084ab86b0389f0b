import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import { ChannelConsentRepository } from '@app/consent';
import { DocumentHead, DocumentRepository } from '@app/documents';
import { JobQueue } from '@app/jobs';
import { DomainError } from '@app/kernel';
import { counter } from '@app/observability';
import { ChannelMessages, ReadyMessage } from './channel-messages';
import { DELIVERY_QUEUES, SendDeliveryJob } from './delivery-queues';
import { DeliveryEntity } from './delivery.entity';
import { AttemptRecord, DeliveryRepository } from './delivery.repository';
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
    private readonly deliveries: DeliveryRepository,
    private readonly documents: DocumentRepository,
    private readonly consent: ChannelConsentRepository,
    private readonly messages: ChannelMessages,
    private readonly rateLimiter: ProviderRateLimiter,
    private readonly fallBack: FallBackToNextChannelUseCase,
    private readonly deliveryEvents: DeliveryEvents,
    private readonly jobs: JobQueue,
  ) {}

  async execute(deliveryId: string): Promise<void> {
    const [outcome] = await this.executeMany([deliveryId]);
    if (outcome) throw outcome;
  }

  /**
   * One try of each of many deliveries (the jobs of one fetch), at the cost of
   * about one: they are read together, marked `sending` in one committed
   * statement, sent side by side (each through its provider's rate limit) and
   * those accepted settle in one transaction. Everything else — skipped,
   * refused, unreadable — goes the way one delivery alone would. Each keeps its
   * own outcome: null, or the Error its job fails with (tried again later).
   */
  async executeMany(deliveryIds: readonly string[]): Promise<Array<Error | null>> {
    const outcomes = new Map<string, Error>();
    const own = async (id: string, step: () => Promise<unknown>) => {
      try {
        await step();
      } catch (error) {
        outcomes.set(id, error instanceof Error ? error : new Error(String(error)));
      }
    };
    const ids = [...new Set(deliveryIds)];
    const deliveries = (await this.db.manager.findBy(DeliveryEntity, { id: In(ids), status: In(['queued', 'sending']) })).sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id));
    const documents = new Map((await this.documents.findHeads(deliveries.map((delivery) => delivery.documentId))).map((document) => [document.id, document]));
    const toSend: Array<{ delivery: DeliveryEntity; document: DocumentHead }> = [];
    for (const delivery of deliveries) {
      const document = documents.get(delivery.documentId);
      if (!document) continue;
      if (document.batchCancelled) await own(delivery.id, () => this.skipCancelled(delivery));
      else toSend.push({ delivery, document });
    }

    const optOuts = await this.optOutsOf(toSend);
    const prepared: Array<{ delivery: DeliveryEntity; message: ReadyMessage }> = [];
    await Promise.all(
      toSend.map(({ delivery, document }) =>
        own(delivery.id, async () => {
          const optOut = optOuts.get(delivery.id);
          if (optOut) return this.skipOptedOut(delivery, optOut.keyword);
          const message = await this.readMessage(delivery, document);
          if (message) prepared.push({ delivery, message });
        }),
      ),
    );

    // Committed before any provider is called: a crash from here on leaves `sending`, and the next try is a counted resend.
    const tries = await this.deliveries.markSendingMany(prepared.map(({ delivery }) => delivery.id));
    const startedAt = new Date();
    const accepted: Array<{ id: string; attempt: AttemptRecord }> = [];
    await Promise.all(
      prepared.map(async ({ delivery, message }) => {
        const sending = tries.get(delivery.id);
        if (!sending) return;
        if (sending.resend) resends.inc({ channel: delivery.channel });
        const tried = { attempt: sending.attempt, startedAt, resend: sending.resend };
        try {
          const answer = await this.rateLimiter.schedule(delivery.channel, () => message.send());
          accepted.push({ id: delivery.id, attempt: { ...tried, outcome: 'sent', ...answer, error: null } });
        } catch (error) {
          await own(delivery.id, () => this.settleFailure(delivery, tried, message.provider, ProviderFailure.from(error)));
        }
      }),
    );
    await this.settleSent(accepted).catch(async () => {
      // One of them stands in the way of the others: each settles on its own.
      for (const one of accepted) await own(one.id, () => this.settleSent([one]));
    });
    return deliveryIds.map((id) => outcomes.get(id) ?? null);
  }

  private async settleSent(accepted: ReadonlyArray<{ id: string; attempt: AttemptRecord }>): Promise<void> {
    if (!accepted.length) return;
    await this.db.transaction(async (manager) => {
      await this.deliveryEvents.announceStored(manager, await this.deliveries.settleSentMany(accepted, manager), 'delivery.sent');
    });
  }

  /** The opt-out stopping each delivery, if any: one read per channel. */
  private async optOutsOf(toSend: ReadonlyArray<{ delivery: DeliveryEntity; document: DocumentHead }>): Promise<Map<string, { keyword: string }>> {
    const found = new Map<string, { keyword: string }>();
    for (const channel of new Set(toSend.map(({ delivery }) => delivery.channel))) {
      const ofChannel = toSend.filter(({ delivery }) => delivery.channel === channel);
      const optOuts = await this.consent.optOutsFor(
        channel,
        ofChannel.map(({ delivery, document }) => ({ customerId: document.recipient.customerId, address: delivery.recipient })),
      );
      ofChannel.forEach(({ delivery }, index) => {
        const optOut = optOuts[index];
        if (optOut) found.set(delivery.id, optOut);
      });
    }
    return found;
  }

  /** Its batch was cancelled before this went out: skipped, and no other channel takes its place. */
  private async skipCancelled(delivery: DeliveryEntity): Promise<void> {
    await this.db.transaction(async (manager) => {
      if (await this.deliveries.markSkipped(delivery.id, 'batch cancelled', manager)) {
        await this.deliveryEvents.announce(manager, delivery.id, 'delivery.skipped');
      }
    });
  }

  private async skipOptedOut(delivery: DeliveryEntity, keyword: string): Promise<void> {
    await this.db.transaction(async (manager) => {
      if (await this.deliveries.markSkipped(delivery.id, `opted out (${keyword})`, manager)) {
        await this.deliveryEvents.announce(manager, delivery.id, 'delivery.skipped');
        await this.fallBack.within(manager, delivery, 'opted out');
      }
    });
  }

  /**
   * The stored message, or null when it can never be read (its rendition failed
   * or is gone): the delivery then fails, and the plan falls back, instead of
   * waiting forever. A passing outage (the blob store, a rendition still in
   * progress) is thrown, so the job is tried again.
   */
  private async readMessage(delivery: DeliveryEntity, document: DocumentHead): Promise<ReadyMessage | null> {
    try {
      return await this.messages.prepare(delivery, document);
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
