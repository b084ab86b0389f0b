import twilio from 'twilio';
import {
  metaSignature,
  postDocument,
  postTwilio,
  postWhatsApp,
  sentDelivery,
  TWILIO_WEBHOOK_URL,
  twilioStatus,
  WEBHOOK_ENV,
  whatsappNotification,
  whatsappStatus,
  withDatabase,
} from '../support/provider-callbacks';
import { seededRandom } from '../support/seeded-random';
import { startTestPlatform, TestPlatform } from '../support/test-platform';

/**
 * Scenario 8: provider webhooks replayed, reordered and forged. Many deliveries
 * each get their whole lifecycle of callbacks, every callback sent one to three
 * times, all shuffled together with forged ones and sent several at a time.
 * Whatever the order, each delivery must end where its lifecycle leads, every
 * forgery must get 401 and leave no trace, and each genuine callback must be
 * recorded exactly once. FAULT_SEED reproduces a run.
 */
const SEED = Number(process.env.FAULT_SEED ?? 8_2026_12);
const DELIVERIES = 200;
const IN_FLIGHT = 8;

type Fate = 'read' | 'delivered' | 'failed' | 'read-without-delivered' | 'failed-after-delivered';
const FATES: Fate[] = ['read', 'delivered', 'failed', 'read-without-delivered', 'failed-after-delivered'];
/** The provider's callbacks for each fate, in the order they happened. */
const LIFECYCLES: Record<Fate, string[]> = {
  read: ['sent', 'delivered', 'read'],
  delivered: ['sent', 'delivered'],
  failed: ['sent', 'failed'],
  'read-without-delivered': ['sent', 'read'],
  'failed-after-delivered': ['sent', 'delivered', 'failed'],
};
const FINAL_STATUS: Record<Fate, string> = { read: 'read', delivered: 'delivered', failed: 'failed', 'read-without-delivered': 'read', 'failed-after-delivered': 'delivered' };
/** What a forger would like to report instead. */
const FORGED_STATUS: Record<Fate, string> = { read: 'failed', delivered: 'failed', failed: 'read', 'read-without-delivered': 'failed', 'failed-after-delivered': 'read' };

interface Subject {
  readonly deliveryId: string;
  readonly channel: 'sms' | 'whatsapp';
  readonly messageId: string;
  readonly fate: Fate;
  /** Seconds since the epoch of each step, for WhatsApp (Twilio's callbacks carry no time). */
  readonly times: Record<string, number>;
}

interface Callback {
  readonly subject: Subject;
  readonly status: string;
  readonly forged: boolean;
}

describe(`webhooks replayed, reordered and forged (seed ${SEED})`, () => {
  let platform: TestPlatform;
  const subjects: Subject[] = [];
  const random = seededRandom(SEED);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

  beforeAll(async () => {
    platform = await startTestPlatform(WEBHOOK_ENV);
    const billing = await platform.keyFor('billing');
    const template = await postDocument(platform, billing, 'C-FAULT', 'FAULT-TEMPLATE');
    // One delivery per document and channel: clone the posted document rather than render 200.
    const documentIds = await withDatabase(platform, async (db) => {
      const ids: string[] = [];
      for (let i = 0; i < DELIVERIES; i++) {
        const { rows } = await db.query(
          `INSERT INTO documents
             SELECT (jsonb_populate_record(NULL::documents, to_jsonb(d) || jsonb_build_object('id', gen_random_uuid(), 'external_ref', 'FAULT-' || $2::text,
                     'recipient', d.recipient || jsonb_build_object('customerId', 'C-FAULT-' || $2::text)))).*
               FROM documents d WHERE d.id = $1
           RETURNING id`,
          [template, String(i)],
        );
        ids.push(rows[0].id);
      }
      return ids;
    });
    const base = Date.parse('2026-12-01T09:00:00Z') / 1000;
    for (const [i, documentId] of documentIds.entries()) {
      const channel = i % 2 === 0 ? 'sms' : 'whatsapp';
      const messageId = channel === 'sms' ? `SM${i.toString(16).padStart(32, '0')}` : `wamid.FAULT${String(i).padStart(6, '0')}`;
      const deliveryId = await sentDelivery(platform, documentId, channel, `+1415555${String(i).padStart(4, '0')}`, channel === 'sms' ? 'twilio' : 'whatsapp', messageId);
      const start = base + i * 60;
      subjects.push({ deliveryId, channel, messageId, fate: pick(FATES), times: { sent: start, delivered: start + 5, read: start + 40, failed: start + 7 } });
    }
  }, 300_000);

  afterAll(async () => {
    await platform?.close();
  });

  const send = (callback: Callback) => {
    const { subject, status, forged } = callback;
    if (subject.channel === 'sms') {
      const params = twilioStatus(subject.messageId, status, status === 'failed' ? '30003' : undefined);
      const signature = forged ? pick(twilioForgeries(params)) : twilio.getExpectedTwilioSignature(WEBHOOK_ENV.TWILIO_AUTH_TOKEN, TWILIO_WEBHOOK_URL, params);
      return postTwilio(platform, params, signature);
    }
    const body = whatsappNotification({ statuses: [whatsappStatus(subject.messageId, status, subject.times[status])] });
    return forged ? postWhatsApp(platform, body, pick(metaForgeries(subject, body))) : postWhatsApp(platform, body);
  };

  /** A forged Twilio signature: another token, the Host's URL, a genuine one for other parameters, or none. */
  const twilioForgeries = (params: Record<string, string>) => [
    twilio.getExpectedTwilioSignature('forger-token-0123456789abcdef', TWILIO_WEBHOOK_URL, params),
    twilio.getExpectedTwilioSignature(WEBHOOK_ENV.TWILIO_AUTH_TOKEN, 'http://127.0.0.1/v1/webhooks/twilio', params),
    twilio.getExpectedTwilioSignature(WEBHOOK_ENV.TWILIO_AUTH_TOKEN, TWILIO_WEBHOOK_URL, { ...params, MessageStatus: 'sent', SmsStatus: 'sent' }),
    '',
  ];
  /** A forged Meta signature: another secret, a genuine one for another body, or none. */
  const metaForgeries = (subject: Subject, body: string): Array<string | null> => [
    metaSignature(body, 'forger-app-secret-0123456789'),
    metaSignature(whatsappNotification({ statuses: [whatsappStatus(subject.messageId, 'sent', subject.times.sent)] })),
    null,
  ];

  it('ends every delivery where its lifecycle leads, refuses every forgery, and records each genuine callback once', async () => {
    const callbacks: Callback[] = [];
    for (const subject of subjects) {
      for (const status of LIFECYCLES[subject.fate]) {
        const copies = 1 + Math.floor(random() * 3);
        for (let copy = 0; copy < copies; copy++) callbacks.push({ subject, status, forged: false });
      }
      callbacks.push({ subject, status: FORGED_STATUS[subject.fate], forged: true });
    }
    for (let i = callbacks.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [callbacks[i], callbacks[j]] = [callbacks[j], callbacks[i]];
    }

    const answers: Array<{ callback: Callback; status: number }> = [];
    let cursor = 0;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (cursor < callbacks.length) {
          const callback = callbacks[cursor++];
          answers.push({ callback, status: (await send(callback)).status });
        }
      }),
    );
    const wrongAnswers = answers.filter(({ callback, status }) => status !== (callback.forged ? 401 : 200));
    expect(wrongAnswers.map(({ callback, status }) => `${callback.subject.messageId} ${callback.status}${callback.forged ? ' (forged)' : ''} → ${status}`)).toEqual([]);

    const rows = await withDatabase(platform, async (db) => {
      const deliveries = await db.query('SELECT id, status, last_error, delivered_at, read_at FROM deliveries WHERE id = ANY($1)', [subjects.map((s) => s.deliveryId)]);
      const events = await db.query('SELECT provider_message_id, status, delivery_id FROM delivery_events');
      return { deliveries: new Map(deliveries.rows.map((row) => [row.id, row])), events: events.rows };
    });

    const mismatches: string[] = [];
    for (const subject of subjects) {
      const row = rows.deliveries.get(subject.deliveryId)!;
      const expected = FINAL_STATUS[subject.fate];
      const where = `${subject.messageId} (${subject.fate})`;
      if (row.status !== expected) mismatches.push(`${where}: status ${row.status}, expected ${expected}`);
      const reachedDelivered = expected === 'delivered' || expected === 'read';
      if (reachedDelivered !== (row.delivered_at !== null)) mismatches.push(`${where}: delivered_at ${row.delivered_at}`);
      if ((expected === 'read') !== (row.read_at !== null)) mismatches.push(`${where}: read_at ${row.read_at}`);
      if (row.read_at && row.delivered_at > row.read_at) mismatches.push(`${where}: delivered after read`);
      if (expected === 'failed' && !String(row.last_error).includes(subject.channel === 'sms' ? '30003' : '131026')) mismatches.push(`${where}: last_error ${row.last_error}`);
      if (expected !== 'failed' && row.last_error !== null) mismatches.push(`${where}: last_error ${row.last_error}`);
      if (subject.channel === 'whatsapp' && reachedDelivered && row.delivered_at) {
        // WhatsApp says when: the earliest known step wins, whatever came first.
        const deliveredAt = subject.fate === 'read-without-delivered' ? subject.times.read : subject.times.delivered;
        if (row.delivered_at.getTime() !== deliveredAt * 1000) mismatches.push(`${where}: delivered_at ${row.delivered_at.toISOString()}`);
        if (expected === 'read' && row.read_at && row.read_at.getTime() !== subject.times.read * 1000) mismatches.push(`${where}: read_at ${row.read_at.toISOString()}`);
      }
      const recorded = rows.events.filter((event) => event.provider_message_id === subject.messageId);
      const genuine = LIFECYCLES[subject.fate];
      const recordedStatuses = recorded.map((event) => event.status).sort();
      if (recordedStatuses.join() !== [...genuine].sort().join()) mismatches.push(`${where}: events ${recordedStatuses.join()}, expected ${[...genuine].sort().join()}`);
      if (recorded.some((event) => event.delivery_id !== subject.deliveryId)) mismatches.push(`${where}: an event not linked to its delivery`);
    }
    expect(mismatches).toEqual([]);
    expect(new Set(subjects.map((s) => s.fate)).size).toBe(FATES.length);
  }, 600_000);
});
