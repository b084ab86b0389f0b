import { Client } from 'pg';
import { DELIVERY_QUEUES, DeliveryRepository, SendDeliveriesJob } from '@app/dispatch';
import { JobQueue } from '@app/jobs';
import { until } from './support/faults/poll';
import { fixture } from './support/fixtures';
import { FakeWhatsAppCloudServer } from './support/providers';
import { startTestPlatform, TestPlatform } from './support/test-platform';

const IN_HAND = 32;

/**
 * A channel with 32 in hand (`CCM_DISPATCH_<CHANNEL>_CONCURRENCY`'s default, set here all the same)
 * tries them as one batch: one `sending` mark and one settle for all, rather than two tries of 16.
 */
describe('a channel with 32 in hand sends them in one try (e2e)', () => {
  const whatsapp = new FakeWhatsAppCloudServer();
  let platform: TestPlatform;
  let db: Client;

  beforeAll(async () => {
    await whatsapp.listen();
    platform = await startTestPlatform({ ...whatsapp.env(), CCM_DISPATCH_WHATSAPP_CONCURRENCY: String(IN_HAND) });
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await platform?.close();
    await whatsapp.close();
  });

  it('takes two chunk jobs of 16 in one fetch and tries their 32 deliveries together', async () => {
    const auth = { Authorization: `Bearer ${await platform.keyFor('billing')}` };
    const documents: Array<{ id: string; whatsapp: string }> = [];
    for (let index = 0; index < IN_HAND; index += 1) {
      const body = fixture('invoice-en-us.json');
      body.externalRef = `TRY-32-${index}`;
      body.channels = ['whatsapp'];
      body.dispatch = false;
      body.recipient = { ...body.recipient, whatsapp: `+1212557${String(1000 + index)}` };
      const { id } = (await platform.http.post('/v1/documents').set(auth).send(body).expect(201)).body as { id: string };
      documents.push({ id, whatsapp: body.recipient.whatsapp });
    }
    const ids = documents.map((document) => document.id);
    await until('every document rendered', async () => {
      const { rows } = await db.query(`SELECT count(*)::int AS rendered FROM documents WHERE id = ANY($1) AND status = 'rendered'`, [ids]);
      return rows[0].rendered === IN_HAND;
    }, 90_000);
    await db.query(`INSERT INTO dispatch_plans (document_id, policy, channels, created_at) SELECT id, 'first-available', '{whatsapp}', now() FROM unnest($1::uuid[]) AS id`, [ids]);
    const deliveries = platform.app.get(DeliveryRepository);
    const deliveryIds: string[] = [];
    for (const { id, whatsapp: to } of documents) {
      deliveryIds.push((await deliveries.createQueued({ documentId: id, channel: 'whatsapp', recipient: to, messageId: `${id}.whatsapp`, reason: 'primary' })).id);
    }

    // Both jobs committed together, so the worker's next fetch finds both.
    await platform.app.get(JobQueue).enqueueMany<SendDeliveriesJob>(DELIVERY_QUEUES.whatsapp, [{ deliveryIds: deliveryIds.slice(0, 16) }, { deliveryIds: deliveryIds.slice(16) }]);

    await until('every delivery sent', async () => {
      const { rows } = await db.query(`SELECT count(*)::int AS sent FROM deliveries WHERE id = ANY($1) AND status = 'sent'`, [deliveryIds]);
      return rows[0].sent === IN_HAND;
    }, 90_000);
    for (const { whatsapp: to } of documents) expect(whatsapp.messages.filter((message) => message.to === to)).toHaveLength(1);
    // A try stamps every delivery it sends with one start: one try, one start.
    const { rows } = await db.query(`SELECT count(DISTINCT started_at)::int AS tries, count(*)::int AS attempts FROM delivery_attempts WHERE delivery_id = ANY($1)`, [deliveryIds]);
    expect(rows[0]).toEqual({ tries: 1, attempts: IN_HAND });
  }, 180_000);
});
