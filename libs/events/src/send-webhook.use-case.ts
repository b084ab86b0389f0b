import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import { JobQueue } from '@app/jobs';
import { Clock } from '@app/kernel';
import { EventRepository } from './event.repository';
import { signingSecretsOf } from './signing-secrets';
import { WebhookAttemptOutcome } from './webhook-attempt.entity';
import { nextRetryDelayMs } from './webhook-backoff';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { SEND_WEBHOOK_QUEUE, SendWebhookJob } from './webhook-delivery.queue';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookHttpClient, WebhookResponse } from './webhook-http.client';
import { webhookPayload } from './webhook-payload';
import { WebhookSecretSealer } from './webhook-secret.sealer';
import { webhookSignature } from './webhook-signature';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity';
import { WebhookSubscriptionRepository } from './webhook-subscription.repository';

/**
 * Makes one try of a webhook delivery: signs the event's payload for this
 * moment, POSTs it, and records the try. A 2xx delivers it; anything else
 * queues the next try on the retry schedule, or fails the delivery when the
 * schedule is used up, counting against the subscription, which is disabled
 * once it has failed too long or too many events in a row.
 *
 * The try is recorded after the POST, so a worker that dies in between leaves
 * the delivery pending and its job comes back to send it again under the same
 * `webhook-id`: at least once, never silently lost.
 */
@Injectable()
export class SendWebhookUseCase {
  private readonly logger = new Logger('SendWebhook');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly subscriptions: WebhookSubscriptionRepository,
    private readonly events: EventRepository,
    private readonly sealer: WebhookSecretSealer,
    private readonly http: WebhookHttpClient,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
  ) {}

  async execute(job: SendWebhookJob): Promise<void> {
    const delivery = await this.deliveries.findById(job.deliveryId);
    if (!delivery || delivery.generation !== job.generation || delivery.status !== 'pending') return;
    const subscription = await this.subscriptions.findAny(delivery.subscriptionId);
    if (!subscription || subscription.deletedAt || !subscription.enabled) {
      await this.abandon(delivery, subscription?.deletedAt ? 'the subscription was deleted' : 'the subscription is disabled');
      return;
    }
    const event = await this.events.findById(delivery.eventId);
    if (!event) throw new Error(`webhook delivery ${delivery.id} names a missing event ${delivery.eventId}`);

    const body = webhookPayload(event);
    const startedAt = this.clock.now();
    const secrets = this.secretsOf(subscription, startedAt);
    if (!secrets) {
      await this.abandon(delivery, 'its signing secret cannot be read (was CCM_SECRET changed?); rotate the secret, then retry');
      return;
    }
    const headers = webhookSignature(secrets, delivery.id, startedAt, body);
    const response = await this.http.post({ url: subscription.url, headers: { ...headers }, body });
    await this.db.transaction((manager) => this.record(job, subscription, startedAt, response, manager));
  }

  private async record(job: SendWebhookJob, subscription: WebhookSubscriptionEntity, startedAt: Date, response: WebhookResponse, manager: EntityManager): Promise<void> {
    const delivery = await this.deliveries.lock(job.deliveryId, manager);
    if (!delivery) return;
    const attempt = delivery.attempts + 1;
    const delivered = response.statusCode !== null && response.statusCode >= 200 && response.statusCode < 300;
    const error = delivered ? null : (response.error ?? `answered HTTP ${response.statusCode}`);
    // Superseded meanwhile (a retry by hand): the try is kept, the newer job decides what comes next.
    const current = delivery.generation === job.generation && delivery.status === 'pending';
    const delay = delivered || !current || delivery.finalTry ? null : nextRetryDelayMs(this.config.webhooks.retryScheduleMs, attempt);
    const outcome: WebhookAttemptOutcome = delivered ? 'delivered' : delay === null ? 'failed' : 'retry';
    await this.deliveries.appendAttempt(
      {
        deliveryId: delivery.id,
        attempt,
        startedAt,
        durationMs: response.durationMs,
        outcome,
        statusCode: response.statusCode,
        error: error?.slice(0, 1000) ?? null,
        responseBody: response.body,
      },
      manager,
    );
    const changes: Partial<WebhookDeliveryEntity> = { attempts: attempt, lastStatusCode: response.statusCode, lastError: error };
    if (!current) return this.deliveries.update(delivery.id, changes, manager);

    if (delivered) {
      await this.deliveries.update(delivery.id, { ...changes, status: 'delivered', deliveredAt: this.clock.now(), nextAttemptAt: null }, manager);
      await this.subscriptions.recordSuccess(subscription.id, manager);
      return;
    }
    if (delay !== null) {
      const next = { deliveryId: delivery.id, generation: delivery.generation + 1 };
      const startAfter = new Date(this.clock.now().getTime() + delay);
      await this.deliveries.update(delivery.id, { ...changes, generation: next.generation, nextAttemptAt: startAfter }, manager);
      await this.jobs.enqueue<SendWebhookJob>(SEND_WEBHOOK_QUEUE, next, { within: manager, startAfter });
    } else {
      await this.deliveries.update(delivery.id, { ...changes, status: 'failed', nextAttemptAt: null }, manager);
    }
    // A retry by hand that fails does not count as another failed event: the event already did.
    const tally = await this.subscriptions.recordFailure(subscription.id, startedAt, delay === null && !delivery.finalTry, manager);
    const reason = this.disablingReason(tally.consecutiveFailedEvents, tally.failingSince);
    if (reason) {
      await this.subscriptions.disable(subscription.id, reason, manager);
      this.logger.warn(`webhook subscription ${subscription.id} disabled: ${reason}`);
    }
  }

  /** null when the sealed secrets no longer open: retrying would not change that, rotating does. */
  private secretsOf(subscription: WebhookSubscriptionEntity, at: Date): string[] | null {
    try {
      return signingSecretsOf(subscription, this.sealer, at);
    } catch (error) {
      this.logger.error(`webhook subscription ${subscription.id}: ${(error as Error).message}`);
      return null;
    }
  }

  private disablingReason(failedEvents: number, failingSince: Date): string | null {
    const { disableAfterFailedEvents, disableAfterFailingHours } = this.config.webhooks;
    if (failedEvents >= disableAfterFailedEvents) {
      return `${failedEvents} events in a row failed every try; fix the endpoint, then enable the subscription again`;
    }
    if (this.clock.now().getTime() - failingSince.getTime() >= disableAfterFailingHours * 3_600_000) {
      return `every try has failed since ${failingSince.toISOString()}; fix the endpoint, then enable the subscription again`;
    }
    return null;
  }

  private async abandon(delivery: WebhookDeliveryEntity, reason: string): Promise<void> {
    await this.db.transaction(async (manager) => {
      const locked = await this.deliveries.lock(delivery.id, manager);
      if (locked?.status !== 'pending' || locked.generation !== delivery.generation) return;
      await this.deliveries.update(delivery.id, { status: 'failed', lastError: `not sent: ${reason}`, nextAttemptAt: null }, manager);
    });
  }
}
