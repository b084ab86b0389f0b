import { Client } from 'pg';
import { DELIVERY_QUEUES, DeliveryRepository, SendDeliveriesJob, SendDeliveryUseCase } from '@app/dispatch';
import { JobQueue } from '@app/jobs';
import { fixture } from './support/fixtures';
import { startWithFakeProviders, stopWithFakeProviders } from './support/fake-providers-platform';
import { FakeTwilioServer, FakeWhatsAppCloudServer } from './support/providers';
import type { TestPlatform } from './support/test-platform';

type Auth = Record<string, string>;
const SETTLED = new Set(['sent', 'failed', 'skipped']);

async function documentOf(platform: TestPlatform, auth: Auth, id: string): Promise<any> {
  return (await platform.http.get(`/v1/documents/${id}`).set(auth).expect(200)).body;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

let numbers = 0;
function nextNumber(): string {
  numbers += 1;
  return `+1212556${String(1000 + numbers).slice(-4)}`;
}

describe('deliveries tried together, each settling on its own (e2e)', () => {
  const twilio = new FakeTwilioServer();
  const whatsapp = new FakeWhatsAppCloudServer();
  let platform: TestPlatform;
  let auth: Auth;

  beforeAll(async () => {
    ({ platform, auth } = await startWithFakeProviders(twilio, whatsapp));
  });
  afterAll(() => stopWithFakeProviders(platform, twilio, whatsapp));

  /** A rendered invoice for WhatsApp then SMS, with its plan and its WhatsApp delivery queued, but no job: the batch below is the only try. */
  async function queuedWhatsApp(externalRef: string): Promise<{ documentId: string; deliveryId: string; whatsapp: string; phone: string }> {
    const body = fixture('invoice-en-us.json');
    body.externalRef = externalRef;
    body.channels = ['whatsapp', 'sms'];
    body.dispatch = false;
    body.recipient = { ...body.recipient, phone: nextNumber(), whatsapp: nextNumber() };
    const documentId = (await platform.http.post('/v1/documents').set(auth).send(body).expect(201)).body.id as string;
    await until(`${externalRef} rendered`, async () => ((await documentOf(platform, auth, documentId)).status === 'rendered' ? true : undefined));
    const db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    try {
      await db.query(`INSERT INTO dispatch_plans (document_id, policy, channels, created_at) VALUES ($1, 'first-available', '{whatsapp,sms}', now())`, [documentId]);
    } finally {
      await db.end();
    }
    const delivery = await platform.app
      .get(DeliveryRepository)
      .createQueued({ documentId, channel: 'whatsapp', recipient: body.recipient.whatsapp, messageId: `${documentId}.whatsapp`, reason: 'primary' });
    return { documentId, deliveryId: delivery.id, whatsapp: body.recipient.whatsapp, phone: body.recipient.phone };
  }

  it('fails one refused for good (and falls back), retries one refused for now, and sends the rest', async () => {
    const refused = await queuedWhatsApp('BATCH-REFUSED-1');
    const passing = await queuedWhatsApp('BATCH-PASSING-1');
    const fine = [await queuedWhatsApp('BATCH-FINE-1'), await queuedWhatsApp('BATCH-FINE-2'), await queuedWhatsApp('BATCH-FINE-3')];
    whatsapp.respondWith({ kind: 'refused', code: 131026, message: 'Message undeliverable', to: refused.whatsapp });
    whatsapp.respondWith({ kind: 'server-error', to: passing.whatsapp, times: 1 });

    const outcomes = await platform.app.get(SendDeliveryUseCase).executeMany([refused, passing, ...fine].map((d) => d.deliveryId));
    expect(outcomes).toEqual([null, null, null, null, null]);

    // Right after the batch: each delivery stands where its own answer put it.
    const [refusedNow] = (await documentOf(platform, auth, refused.documentId)).deliveries;
    expect(refusedNow).toMatchObject({ channel: 'whatsapp', status: 'failed', attempts: 1, tries: [{ attempt: 1, outcome: 'failed' }] });
    expect(refusedNow.lastError).toMatch(/131026/);
    // (its next try, 50 ms later, may already have run)
    const [passingNow] = (await documentOf(platform, auth, passing.documentId)).deliveries;
    expect(passingNow.tries[0]).toMatchObject({ attempt: 1, outcome: 'retry', error: expect.stringMatching(/500/) });
    expect(passingNow.tries[0].nextAttemptAt).toBeTruthy();
    for (const { documentId } of fine) {
      const [sent] = (await documentOf(platform, auth, documentId)).deliveries;
      expect(sent).toMatchObject({ channel: 'whatsapp', status: 'sent', attempts: 1, resends: 0, provider: 'cloud-api', tries: [{ attempt: 1, outcome: 'sent', resend: false }] });
      expect(sent.providerMessageId).toBe(whatsapp.messages.find((m) => m.to === sent.recipient)!.id);
    }

    // Then the refused one's fallback goes out by SMS and the passing one on its next try.
    const refusedLater = await until('the fallback sent', async () => {
      const { deliveries } = await documentOf(platform, auth, refused.documentId);
      return deliveries.length === 2 && deliveries.every((d: any) => SETTLED.has(d.status)) ? deliveries : undefined;
    });
    expect(refusedLater[1]).toMatchObject({ channel: 'sms', status: 'sent', reason: 'fallback after whatsapp failed' });
    expect(twilio.messages.filter((m) => m.to === refused.phone)).toHaveLength(1);
    const passingLater = await until('the retry sent', async () => {
      const [delivery] = (await documentOf(platform, auth, passing.documentId)).deliveries;
      return delivery.status === 'sent' ? delivery : undefined;
    });
    expect(passingLater).toMatchObject({ attempts: 2, resends: 0 });
    expect(passingLater.tries.map((t: { outcome: string }) => t.outcome)).toEqual(['retry', 'sent']);
    // Each message went out once, and the sent ones were announced once each.
    for (const { whatsapp: to } of [passing, ...fine]) expect(whatsapp.messages.filter((m) => m.to === to)).toHaveLength(1);
    const db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query(`SELECT data->>'deliveryId' AS id FROM events WHERE type = 'delivery.sent' AND data->>'deliveryId' = ANY($1)`, [fine.map((d) => d.deliveryId)]);
      expect(rows.map((row) => row.id).sort()).toEqual(fine.map((d) => d.deliveryId).sort());
    } finally {
      await db.end();
    }
  });

  it('sends the deliveries of a chunk job together, and hands one that cannot go yet a job of its own', async () => {
    const ready = [await queuedWhatsApp('CHUNK-READY-1'), await queuedWhatsApp('CHUNK-READY-2'), await queuedWhatsApp('CHUNK-READY-3')];
    const held = await queuedWhatsApp('CHUNK-HELD-1');
    const db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    try {
      // Its WhatsApp rendition is being made again: its send waits for it, then gives up for now.
      await db.query(`UPDATE renditions SET status = 'pending' WHERE document_id = $1 AND channel = 'whatsapp'`, [held.documentId]);
      await platform.app
        .get(JobQueue)
        .enqueue<SendDeliveriesJob>(DELIVERY_QUEUES.whatsapp, { deliveryIds: [...ready, held].map((d) => d.deliveryId) });

      const retryJob = await until(
        'the held delivery queued alone',
        async () => {
          const { rows } = await db.query(`SELECT data FROM pgboss.job WHERE name = $1 AND data->>'deliveryId' = $2`, [DELIVERY_QUEUES.whatsapp.name, held.deliveryId]);
          return rows[0]?.data;
        },
        60_000,
      );
      expect(retryJob).toEqual({ deliveryId: held.deliveryId });
      for (const { documentId, whatsapp: to } of ready) {
        const [sent] = (await documentOf(platform, auth, documentId)).deliveries;
        expect(sent).toMatchObject({ status: 'sent', attempts: 1, resends: 0 });
        expect(whatsapp.messages.filter((m) => m.to === to)).toHaveLength(1);
      }
      const [waiting] = (await documentOf(platform, auth, held.documentId)).deliveries;
      expect(waiting).toMatchObject({ status: 'queued', attempts: 0 });

      await db.query(`UPDATE renditions SET status = 'ready' WHERE document_id = $1 AND channel = 'whatsapp'`, [held.documentId]);
      const sent = await until('the held delivery sent on its own job', async () => {
        const [delivery] = (await documentOf(platform, auth, held.documentId)).deliveries;
        return delivery.status === 'sent' ? delivery : undefined;
      });
      expect(sent).toMatchObject({ attempts: 1, resends: 0 });
      // Its neighbours were not tried again.
      for (const { whatsapp: to } of [...ready, held]) expect(whatsapp.messages.filter((m) => m.to === to)).toHaveLength(1);
    } finally {
      await db.end();
    }
  }, 120_000);
});
