import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource, EntityManager } from 'typeorm';
import { Webhook } from 'standardwebhooks';
import { loadConfig } from '@app/config';
import { createJobQueue, installJobQueueSchema, JobQueue } from '@app/jobs';
import { Clock, SystemClock } from '@app/kernel';
import { createTestDatabase } from '../../../test/support/test-database';
import { CreateWebhookSubscriptionUseCase } from './create-webhook-subscription.use-case';
import { EventEntity } from './event.entity';
import { EventRepository } from './event.repository';
import { PublishEventUseCase } from './publish-event.use-case';
import { SendWebhookUseCase } from './send-webhook.use-case';
import { UpdateWebhookSubscriptionUseCase } from './update-webhook-subscription.use-case';
import { WebhookAttemptEntity } from './webhook-attempt.entity';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookHttpClient } from './webhook-http.client';
import { WebhookSecretSealer } from './webhook-secret.sealer';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity';
import { WebhookSubscriptionRepository } from './webhook-subscription.repository';

/** Stands in for a worker that dies after the POST, before the try is written: the first lock "loses" the database. */
class CrashingOnceDeliveryRepository extends WebhookDeliveryRepository {
  crashes = 1;
  override async lock(id: string, manager: EntityManager): Promise<WebhookDeliveryEntity | null> {
    if (this.crashes-- > 0) throw new Error('Connection terminated unexpectedly');
    return super.lock(id, manager);
  }
}

describe('publishing and sending events (real PostgreSQL, real queue, real HTTP)', () => {
  const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  const receiver: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = req.url === '/down' ? 503 : 200;
      res.end('ok');
    });
  });
  let url: string;
  let databaseUrl: string;
  let db: DataSource;
  let jobs: JobQueue;
  let publisher: PublishEventUseCase;
  let createSubscription: CreateWebhookSubscriptionUseCase;
  let updateSubscription: UpdateWebhookSubscriptionUseCase;
  let sealer: WebhookSecretSealer;
  const config = loadConfig({ CCM_WEBHOOKS_ALLOW_PRIVATE_URLS: 'true' });

  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    databaseUrl = await createTestDatabase();
    await installJobQueueSchema(databaseUrl);
    db = new DataSource({
      type: 'postgres',
      url: databaseUrl,
      entities: [EventEntity, WebhookSubscriptionEntity, WebhookDeliveryEntity, WebhookAttemptEntity],
      extra: { max: 4 },
    });
    await db.initialize();
    jobs = await createJobQueue(config, databaseUrl);
    sealer = new WebhookSecretSealer('medium-spec-platform-secret-0123456789');
    const subscriptions = new WebhookSubscriptionRepository(db);
    publisher = new PublishEventUseCase(new EventRepository(db), subscriptions, new WebhookDeliveryRepository(db), jobs);
    createSubscription = new CreateWebhookSubscriptionUseCase(config, subscriptions, sealer);
    updateSubscription = new UpdateWebhookSubscriptionUseCase(config, subscriptions);
  }, 60_000);
  afterAll(async () => {
    await jobs?.drain();
    await db?.destroy();
    await new Promise((resolve) => receiver.close(resolve));
  });

  const sender = (deliveries = new WebhookDeliveryRepository(db), clock: Clock = new SystemClock()) =>
    new SendWebhookUseCase(
      config,
      db,
      deliveries,
      new WebhookSubscriptionRepository(db),
      new EventRepository(db),
      sealer,
      new WebhookHttpClient({ timeoutMs: 10_000, allowPrivateUrls: true }),
      jobs,
      clock,
    );

  const queuedJobs = async () =>
    Number((await db.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'send-webhook'`))[0].n);

  it('writes the event, one delivery per wanting enabled subscription and their jobs with the caller’s transaction, or nothing', async () => {
    const wanted = await createSubscription.execute({ url, eventTypes: ['delivery.failed'] });
    const otherType = await createSubscription.execute({ url, eventTypes: ['document.rendered'] });
    const disabled = await createSubscription.execute({ url, eventTypes: ['delivery.failed'] });
    await updateSubscription.execute(disabled.id, { enabled: false });

    await expect(
      db.transaction(async (manager) => {
        await publisher.publish({ type: 'delivery.failed', data: { deliveryId: 'd-rolled-back' } }, manager);
        throw new Error('the caller changed its mind');
      }),
    ).rejects.toThrow('changed its mind');
    expect(await db.query(`SELECT count(*)::int AS n FROM events`)).toEqual([{ n: 0 }]);
    expect(await db.query(`SELECT count(*)::int AS n FROM webhook_deliveries`)).toEqual([{ n: 0 }]);
    expect(await queuedJobs()).toBe(0);

    const published = await db.transaction((manager) => publisher.publish({ type: 'delivery.failed', data: { deliveryId: 'd-1' } }, manager));
    expect(published.id).toMatch(/^evt_[A-Za-z0-9_-]{22}$/);
    expect(published.deliveryIds).toHaveLength(1);
    const [delivery] = await db.query(`SELECT id, subscription_id, status FROM webhook_deliveries`);
    expect(delivery).toEqual({ id: published.deliveryIds[0], subscription_id: wanted.id, status: 'pending' });
    expect(otherType.id).not.toBe(wanted.id);
    expect(await queuedJobs()).toBe(1);
    await expect(db.query(`UPDATE events SET type = 'delivery.sent'`)).rejects.toThrow(/append-only/);
  });

  it('sends the same webhook-id again when a worker died between the POST and recording it', async () => {
    const subscription = await createSubscription.execute({ url, eventTypes: ['delivery.sent'] });
    const published = await db.transaction((manager) => publisher.publish({ type: 'delivery.sent', data: { deliveryId: 'd-2' } }, manager));
    const deliveries = new CrashingOnceDeliveryRepository(db);
    const send = sender(deliveries);
    const job = { deliveryId: published.deliveryIds[0], generation: 1 };
    const before = received.length;
    await expect(send.execute(job)).rejects.toThrow(/Connection terminated/);
    // The queue runs the job again, as pg-boss does once a job failed or expired.
    await send.execute(job);
    await send.execute(job);
    const arrived = received.slice(before);
    expect(arrived).toHaveLength(2);
    expect(arrived.map((r) => r.headers['webhook-id'])).toEqual([job.deliveryId, job.deliveryId]);
    for (const request of arrived) {
      expect(new Webhook(subscription.secret).verify(request.body, request.headers as Record<string, string>)).toMatchObject({ type: 'delivery.sent', data: { deliveryId: 'd-2' } });
    }
    expect(await db.query(`SELECT status, attempts FROM webhook_deliveries WHERE id = $1`, [job.deliveryId])).toEqual([{ status: 'delivered', attempts: 1 }]);
    expect(await db.query(`SELECT attempt, status_code, outcome, response_body FROM webhook_attempts WHERE delivery_id = $1`, [job.deliveryId])).toEqual([
      { attempt: 1, status_code: 200, outcome: 'delivered', response_body: 'ok' },
    ]);
  });

  it('fails a delivery whose secret no longer opens (the platform secret changed) instead of retrying forever', async () => {
    const otherSealer = new WebhookSecretSealer('the-platform-secret-before-a-change-0123');
    const subscriptions = new WebhookSubscriptionRepository(db);
    await new CreateWebhookSubscriptionUseCase(config, subscriptions, otherSealer).execute({ url, eventTypes: ['delivery.skipped'] });
    const published = await db.transaction((manager) => publisher.publish({ type: 'delivery.skipped', data: { deliveryId: 'd-3' } }, manager));
    const send = sender();
    const before = received.length;
    await send.execute({ deliveryId: published.deliveryIds[0], generation: 1 });
    expect(received.length).toBe(before);
    const [row] = await db.query(`SELECT status, last_error FROM webhook_deliveries WHERE id = $1`, [published.deliveryIds[0]]);
    expect(row.status).toBe('failed');
    expect(row.last_error).toMatch(/CCM_SECRET/);
  });

  it('disables a subscription that has failed every try for longer than the configured period', async () => {
    const now = { at: new Date('2026-12-01T00:00:00Z') };
    const clock = new (class extends Clock {
      now = () => now.at;
    })();
    const subscription = await createSubscription.execute({ url: url.replace('/hook', '/down'), eventTypes: ['delivery.delivered'] });
    const published = await db.transaction((manager) => publisher.publish({ type: 'delivery.delivered', data: { deliveryId: 'd-4' } }, manager));
    const send = sender(undefined, clock);
    await send.execute({ deliveryId: published.deliveryIds[0], generation: 1 });
    expect(await db.query(`SELECT enabled FROM webhook_subscriptions WHERE id = $1`, [subscription.id])).toEqual([{ enabled: true }]);

    now.at = new Date(now.at.getTime() + config.webhooks.disableAfterFailingHours * 3_600_000);
    await send.execute({ deliveryId: published.deliveryIds[0], generation: 2 });
    const [row] = await db.query(`SELECT enabled, disabled_reason, disabled_at FROM webhook_subscriptions WHERE id = $1`, [subscription.id]);
    expect(row.enabled).toBe(false);
    expect(row.disabled_reason).toMatch(/every try has failed since 2026-12-01T00:00:00.000Z/);
    expect(row.disabled_at).toBeInstanceOf(Date);
    // The delivery itself still had tries left; it is failed as not sent when its next job comes.
    await send.execute({ deliveryId: published.deliveryIds[0], generation: 3 });
    expect(await db.query(`SELECT status, attempts, last_error FROM webhook_deliveries WHERE id = $1`, [published.deliveryIds[0]])).toEqual([
      { status: 'failed', attempts: 2, last_error: 'not sent: the subscription is disabled' },
    ]);
  });
});
