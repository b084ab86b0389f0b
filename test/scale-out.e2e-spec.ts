import { Client } from 'pg';
import { loadConfig } from '@app/config';
import { postDocuments } from './support/faults/bulk-post';
import { DeliveryLedger } from './support/faults/delivery-ledger';
import { until } from './support/faults/poll';
import { fixture } from './support/fixtures';
import { PlatformCluster, QueueDriver } from './support/platform-cluster';
import { createTestDatabase } from './support/test-database';
import { ADMIN_KEY } from './support/test-platform';

/** A billing run: enough documents that both workers take a share, few enough for a busy 2-core machine. */
const DOCUMENTS = 150;
/** Of each API's half, the documents that arrive in one NDJSON batch; the rest are single POSTs. */
const BATCHED_PER_API = 50;
const LOCALES = ['invoice-en-us.json', 'invoice-ar-sa.json', 'invoice-zh-cn.json'];
const CHANNELS = ['email', 'sms', 'whatsapp'];
/** Messages one worker hands to its transports at once (`CCM_DISPATCH_{EMAIL,SMS,WHATSAPP}_CONCURRENCY`'s defaults): what a kill can catch mid-send. */
const SENDS_IN_HAND = Object.values(loadConfig({}).dispatch.concurrency).reduce((sum, inHand) => sum + inHand, 0);

/** The channels of invoice `index`, in its order: each channel goes first for a third of the run, so every dispatch queue has work. */
function channelsOf(index: number): string[] {
  const first = Math.floor(index / LOCALES.length) % CHANNELS.length;
  return [...CHANNELS.slice(first), ...CHANNELS.slice(0, first)];
}

/** Invoice `index` of run `tag`: English, Arabic or Chinese in turn, rendered for every message channel, to addresses of its own. */
function invoice(tag: string, index: number): Record<string, any> {
  const body = fixture(LOCALES[index % LOCALES.length]);
  const suffix = String(index).padStart(4, '0');
  body.externalRef = `${tag}-${index}`;
  body.channels = channelsOf(index);
  body.dispatch = true;
  body.recipient.email = `customer-${index}@${tag.toLowerCase()}.example`;
  body.recipient.phone = `+1212555${suffix}`;
  body.recipient.whatsapp = `+1718555${suffix}`;
  body.recipient.channels = channelsOf(index);
  return body;
}

/** Of each API's single POSTs in the kill test, the last ones, posted only after the kill: the survivor's share, whatever the machine's pace. */
const HELD_BACK_PER_API = 10;

/** Posts invoices `from`..`to - 1` one POST each. */
async function postSingles(url: string, tag: string, from: number, to: number): Promise<string[]> {
  const singles = await postDocuments({
    url,
    apiKey: ADMIN_KEY,
    count: to - from,
    concurrency: 4,
    body: (offset) => invoice(tag, from + offset),
    idempotencyPrefix: `${tag}-${from}`,
  });
  if (singles.rejected.length || singles.gaveUp.length) throw new Error(`single POSTs refused: ${JSON.stringify(singles.rejected)} gave up: ${singles.gaveUp}`);
  return singles.ids;
}

/**
 * Posts invoices `from`..`to - 1` to one API: the first `BATCHED_PER_API` as one NDJSON batch, the rest one POST each;
 * with `holdTailUntil`, the last `HELD_BACK_PER_API` of them only once it resolves.
 */
async function postHalf(url: string, tag: string, from: number, to: number, holdTailUntil?: Promise<void>): Promise<string[]> {
  const batched = Array.from({ length: Math.min(BATCHED_PER_API, to - from) }, (_, offset) => from + offset);
  const response = await fetch(`${url}/v1/batches`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${ADMIN_KEY}`, 'Content-Type': 'application/x-ndjson' },
    body: batched.map((index) => JSON.stringify(invoice(tag, index))).join('\n') + '\n',
  });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`batch refused (${response.status}): ${text}`);
  const results = text.trim().split('\n').map((line) => JSON.parse(line));
  results.pop();
  const accepted = results.filter((result) => result.status === 'accepted');
  if (accepted.length !== batched.length) throw new Error(`batch lines refused: ${JSON.stringify(results.filter((result) => result.status !== 'accepted'))}`);
  const tailFrom = holdTailUntil ? to - HELD_BACK_PER_API : to;
  const singles = await postSingles(url, tag, from + batched.length, tailFrom);
  await holdTailUntil;
  const tail = await postSingles(url, tag, tailFrom, to);
  return [...accepted.map((result) => result.documentId as string), ...singles, ...tail];
}

interface RunTotals {
  readonly ids: string[];
  /** `rendered` ledger entries per document and channel that are not exactly one. */
  readonly renderedNotOnce: Array<{ document_id: string; channel: string; entries: number }>;
  readonly renderedEntries: number;
  readonly deliveries: Array<{ id: string; document_id: string; external_ref: string; channel: string; status: string; message_id: string; provider_message_id: string; resends: number; kept: number }>;
  /** Outbox rows of the run whose message id is no delivery's. */
  readonly strayOutboxRows: number;
}

async function readTotals(databaseUrl: string, ids: string[]): Promise<RunTotals> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const rendered = await db.query(
      `SELECT document_id, details->>'channel' AS channel, count(*)::int AS entries
         FROM document_ledger WHERE event = 'rendered' AND document_id = ANY($1::uuid[])
        GROUP BY 1, 2`,
      [ids],
    );
    const deliveries = await db.query(
      `SELECT d.id, d.document_id, doc.external_ref, d.channel, d.status, d.message_id, d.provider_message_id, d.resends,
              (SELECT count(*)::int FROM outbox_messages o WHERE o.message_id = d.message_id) AS kept
         FROM deliveries d JOIN documents doc ON doc.id = d.document_id WHERE d.document_id = ANY($1::uuid[])`,
      [ids],
    );
    const stray = await db.query(
      `SELECT count(*)::int AS count FROM outbox_messages o
        WHERE NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = o.message_id)`,
    );
    return {
      ids,
      renderedNotOnce: rendered.rows.filter((row) => row.entries !== 1),
      renderedEntries: rendered.rows.length,
      deliveries: deliveries.rows,
      strayOutboxRows: stray.rows[0].count,
    };
  } finally {
    await db.end();
  }
}

/** Send jobs worker `index` completed, all channels together, by its own metrics. */
async function sendsOf(cluster: PlatformCluster, index: number): Promise<number> {
  const counts = await Promise.all(CHANNELS.map((channel) => cluster.completedJobs(index, `dispatch-${channel}`)));
  return counts.reduce((sum, count) => sum + count, 0);
}

/** Deliveries sent so far in the run's database (it holds this run alone). */
async function sentSoFar(databaseUrl: string): Promise<number> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    return (await db.query(`SELECT count(*)::int AS sent FROM deliveries WHERE status = 'sent'`)).rows[0].sent;
  } finally {
    await db.end();
  }
}

/** Every document rendered once per channel, and sent once: one delivery each, `sent`, its message kept once per send. */
function expectRenderedAndSentOnce(totals: RunTotals): void {
  expect(new Set(totals.ids).size).toBe(DOCUMENTS);
  expect(totals.renderedNotOnce).toEqual([]);
  expect(totals.renderedEntries).toBe(DOCUMENTS * CHANNELS.length);
  // An invoice goes out on its first channel; the others are its fallbacks, never needed here.
  expect(totals.deliveries).toHaveLength(DOCUMENTS);
  expect(new Set(totals.deliveries.map((delivery) => delivery.document_id)).size).toBe(DOCUMENTS);
  const firstChannel = (externalRef: string) => channelsOf(Number(externalRef.split('-').pop()))[0];
  expect(totals.deliveries.filter((delivery) => delivery.status !== 'sent' || delivery.channel !== firstChannel(delivery.external_ref))).toEqual([]);
  // Every channel went first for some invoices, so each dispatch queue carried a share of the run.
  for (const channel of CHANNELS) expect(totals.deliveries.filter((delivery) => delivery.channel === channel).length).toBeGreaterThanOrEqual(40);
  expect(new Set(totals.deliveries.map((delivery) => delivery.message_id)).size).toBe(DOCUMENTS);
  expect(totals.strayOutboxRows).toBe(0);
}

describe.each<[QueueDriver]>([['pgboss'], ['redis']])('two API and two worker processes on one database, %s queue (e2e, separate processes)', (queue) => {
  let cluster: PlatformCluster | undefined;
  afterEach(async () => {
    await cluster?.stop();
    cluster = undefined;
  });

  const startCluster = async () => {
    cluster = await PlatformCluster.start({ databaseUrl: await createTestDatabase(), queue, apis: 2, workers: 2 });
    return cluster;
  };

  /** Half of the run through each API, at the same time; with `holdTailUntil`, the last few of each half once it resolves. */
  const postRun = (cluster: PlatformCluster, tag: string, holdTailUntil?: Promise<void>) =>
    Promise.all([
      postHalf(cluster.apis[0].url, tag, 0, DOCUMENTS / 2, holdTailUntil),
      postHalf(cluster.apis[1].url, tag, DOCUMENTS / 2, DOCUMENTS, holdTailUntil),
    ]).then((halves) => halves.flat());

  const settle = async (cluster: PlatformCluster, ids: string[]) => {
    const ledger = new DeliveryLedger(cluster.databaseUrl, ids);
    await ledger.waitUntilSettled({ timeoutMs: 150_000 });
    return readTotals(cluster.databaseUrl, ids);
  };

  it(`renders and sends each of ${DOCUMENTS} invoices exactly once, both workers taking a share`, async () => {
    const cluster = await startCluster();
    const ids = await postRun(cluster, `ONCE-${queue}`);
    const totals = await settle(cluster, ids);

    expectRenderedAndSentOnce(totals);
    // No process died: nothing was sent twice, each message is in the outbox once.
    expect(totals.deliveries.filter((delivery) => delivery.resends !== 0 || delivery.kept !== 1)).toEqual([]);
    for (const index of [0, 1]) {
      expect(await cluster.completedJobs(index, 'render-document')).toBeGreaterThan(0);
      expect(await sendsOf(cluster, index)).toBeGreaterThan(0);
    }
    // One audit chain: a checkpoint signed by one API verifies at the other, as the processes share CCM_AUDIT_KEYS.
    const admin = { Authorization: `Bearer ${ADMIN_KEY}` };
    expect((await fetch(`${cluster.apis[0].url}/v1/audit/checkpoints`, { method: 'POST', headers: admin })).status).toBe(201);
    expect(await (await fetch(`${cluster.apis[1].url}/v1/audit/verify`, { headers: admin })).json()).toMatchObject({ ok: true, checkpoints: expect.any(Number) });
  }, 240_000);

  it('still sends each invoice once when one worker is killed with SIGKILL mid-run; a resend is only of what the kill interrupted, with the same Message-ID', async () => {
    const cluster = await startCluster();
    // Mid-run: the doomed worker is sending, and the tail of the run is posted only after the kill.
    // A send job carries up to 16 messages, so on a fast machine a few jobs of each worker can be the
    // whole run: holding the tail back keeps "mid-run" true whatever the pace.
    let releaseTail!: () => void;
    const posting = postRun(cluster, `KILL-${queue}`, new Promise<void>((resolve) => (releaseTail = resolve)));
    try {
      await until('the second worker sending', async () => (await sendsOf(cluster, 1)) >= 1, 150_000, 100);
      await cluster.workers[1].kill('SIGKILL');
    } finally {
      releaseTail();
    }
    const sentAtKill = await sentSoFar(cluster.databaseUrl);
    const survivorBefore = await sendsOf(cluster, 0);
    const ids = await posting;
    const totals = await settle(cluster, ids);

    expectRenderedAndSentOnce(totals);
    // "Exactly once": one delivery sent per document and channel; a message kept again only
    // for a delivery whose try the kill interrupted (counted in `resends`), under its one Message-ID.
    const resent = totals.deliveries.filter((delivery) => delivery.resends > 0);
    expect(totals.deliveries.filter((delivery) => delivery.kept < 1 || delivery.kept > 1 + delivery.resends)).toEqual([]);
    expect(resent.length).toBeLessThanOrEqual(SENDS_IN_HAND);
    // The kill came mid-run, and the survivor sent the rest.
    expect(sentAtKill).toBeLessThanOrEqual(DOCUMENTS - 2 * HELD_BACK_PER_API);
    expect(await sendsOf(cluster, 0)).toBeGreaterThan(survivorBefore);
  }, 300_000);
});
