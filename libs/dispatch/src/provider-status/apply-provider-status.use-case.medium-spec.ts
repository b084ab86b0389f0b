import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../../../test/support/test-database';
import { DeliveryEntity } from '../delivery.entity';
import { ApplyProviderStatusUseCase, ProviderStatusReport } from './apply-provider-status.use-case';
import { DeliveryEventEntity } from './delivery-event.entity';
import { ProviderStatusRepository } from './provider-status.repository';
import { RecipientCustomersRepository } from './recipient-customers.repository';

describe('ApplyProviderStatusUseCase (real PostgreSQL, real migrations)', () => {
  let db: DataSource;
  let apply: ApplyProviderStatusUseCase;
  const announced: string[] = [];
  const fellBack: string[] = [];

  beforeAll(async () => {
    Logger.overrideLogger(false);
    db = new DataSource({ type: 'postgres', url: await createTestDatabase(), entities: [DeliveryEntity, DeliveryEventEntity] });
    await db.initialize();
    // What follows a status change (events out, fallback) is recorded here: this spec is about the
    // status rules under concurrency; the e2e specs run the real followers.
    const deliveryEvents = { announce: async (_manager: unknown, deliveryId: string, type: string) => void announced.push(`${type}:${deliveryId}`) };
    const fallBack = { within: async (_manager: unknown, delivery: DeliveryEntity) => void fellBack.push(delivery.id) };
    apply = new ApplyProviderStatusUseCase(db, new ProviderStatusRepository(), deliveryEvents as never, fallBack as never);
  });
  afterAll(() => db.destroy());

  /** A document for the customer and its delivery, sent with the provider's id. */
  async function sentDelivery(providerMessageId: string, recipient = '+14155550100', customerId = 'C-1'): Promise<string> {
    const documentId = randomUUID();
    await db.query(
      `INSERT INTO documents (id, type, template_key, template_version, content_hash, locale, recipient, data, channels, dispatch, status)
       VALUES ($1, 'invoice', 'invoice', 1, 'hash', 'en-US', $2, '{}', '{sms}', true, 'rendered')`,
      [documentId, JSON.stringify({ customerId, name: 'Jordan Miller', phone: recipient })],
    );
    const id = randomUUID();
    await db.query(
      `INSERT INTO deliveries (id, document_id, channel, status, recipient, provider, provider_message_id, message_id, attempts, sent_at)
       VALUES ($1, $2, 'sms', 'sent', $3, 'twilio', $4, $5, 1, now())`,
      [id, documentId, recipient, providerMessageId, `<${documentId}.sms@test>`],
    );
    return id;
  }

  const report = (providerMessageId: string, status: ProviderStatusReport['status'], providerStatus: string = status): ProviderStatusReport => ({
    provider: 'twilio',
    providerMessageId,
    providerStatus,
    status,
    errorCode: status === 'failed' ? '30003' : null,
    occurredAt: new Date(),
    payload: { MessageSid: providerMessageId, MessageStatus: providerStatus },
  });

  it('says a delivery newly failed exactly once, however many copies of the failure arrive at the same time', async () => {
    const id = await sentDelivery('SM-concurrent-failure');
    const outcomes = await Promise.all(Array.from({ length: 12 }, () => apply.execute(report('SM-concurrent-failure', 'failed', 'undelivered'))));
    expect(fellBack.filter((delivery) => delivery === id)).toEqual([id]);
    expect(announced.filter((event) => event === `delivery.failed:${id}`)).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.newlyFailed)).toEqual([{ deliveryId: id, status: 'failed', changed: true, newlyFailed: true }]);
    expect(outcomes.filter((outcome) => !outcome.changed)).toHaveLength(11);
    const [{ count }] = await db.query(`SELECT count(*)::int AS count FROM delivery_events WHERE provider_message_id = 'SM-concurrent-failure'`);
    expect(count).toBe(1);
  });

  it('ends at read when delivered and read race each other, with delivered no later than read', async () => {
    const id = await sentDelivery('SM-race');
    await Promise.all([apply.execute(report('SM-race', 'read')), apply.execute(report('SM-race', 'delivered')), apply.execute(report('SM-race', 'sent'))]);
    const row = await db.getRepository(DeliveryEntity).findOneByOrFail({ id });
    expect(row.status).toBe('read');
    expect(row.deliveredAt!.getTime()).toBeLessThanOrEqual(row.readAt!.getTime());
  });

  it('records a callback for an unknown message once, with no delivery, and counts it again once the delivery is known', async () => {
    expect(await apply.execute(report('SM-not-yet', 'delivered'))).toEqual({ deliveryId: null, status: null, changed: false, newlyFailed: false });
    await apply.execute(report('SM-not-yet', 'delivered'));
    const id = await sentDelivery('SM-not-yet');
    expect(await apply.execute(report('SM-not-yet', 'delivered'))).toMatchObject({ deliveryId: id, status: 'delivered', changed: true });
    const events = await db.query(`SELECT delivery_id FROM delivery_events WHERE provider_message_id = 'SM-not-yet' ORDER BY id`);
    expect(events).toEqual([{ delivery_id: null }, { delivery_id: id }]);
  });

  it('finds the customers an address was delivered to, each once', async () => {
    await sentDelivery('SM-c1', '+14155550111', 'C-B');
    await sentDelivery('SM-c2', '+14155550111', 'C-A');
    await sentDelivery('SM-c3', '+14155550111', 'C-B');
    await sentDelivery('SM-c4', '+14155550112', 'C-C');
    const customers = new RecipientCustomersRepository(db);
    expect(await customers.customerIdsAt('+14155550111')).toEqual(['C-A', 'C-B']);
    expect(await customers.customerIdsAt('+14155550999')).toEqual([]);
  });
});
