import type { ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { Client } from 'pg';
import { fixture } from './support/fixtures';
import { FakeTwilioServer, ReceivedRequest } from './support/providers';
import { startTestPlatform, TestPlatform } from './support/test-platform';

type Auth = Record<string, string>;

function invoice(externalRef: string, extra: Record<string, unknown> = {}): Record<string, any> {
  return { ...fixture('invoice-en-us.json'), externalRef, channels: ['email', 'sms'], ...extra };
}

const ndjson = (lines: readonly unknown[]) => lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + '\n';
const parse = (text: string) => text.trim().split('\n').map((line) => JSON.parse(line));

describe('batches (e2e)', () => {
  let platform: TestPlatform;
  let auth: Auth;

  beforeAll(async () => {
    platform = await startTestPlatform();
    auth = { Authorization: `Bearer ${await platform.keyFor('billing')}` };
  });
  afterAll(() => platform?.close());

  const send = (body: Buffer | string, headers: Record<string, string> = {}) =>
    platform.http
      .post('/v1/batches')
      .set(auth)
      .set({ 'Content-Type': 'application/x-ndjson', ...headers })
      .send(body)
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done(null, text));
      });

  const batchWhen = async (id: string, done: (batch: any) => boolean) => {
    const until = Date.now() + 90_000;
    for (;;) {
      const batch = (await platform.http.get(`/v1/batches/${id}`).set(auth).expect(200)).body;
      if (done(batch)) return batch;
      if (Date.now() > until) throw new Error(`batch ${id} never got there: ${JSON.stringify(batch)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };

  it('accepts good lines, refuses bad ones with their line and pointers, repeats an externalRef as the same document, and completes', async () => {
    const unbalanced = invoice('B-UNBALANCED');
    unbalanced.data.invoice.total = '999999.99';
    const lines = [
      invoice('B-1'),
      '{not json',
      invoice('B-2', { channels: ['email', 'fax'] }),
      unbalanced,
      invoice('B-1'),
      '',
      invoice('B-3', { recipient: { ...fixture('invoice-en-us.json').recipient, name: 'Jordan \u202EMiller' } }),
      invoice('B-1', { locale: 'en-GB' }),
    ];
    const response = await send(gzipSync(ndjson(lines)), { 'Content-Encoding': 'gzip' }).expect(201);
    const results = parse(response.body as string);
    const summary = results.pop();
    const id = summary.batch.id as string;
    expect(response.headers.location).toBe(`/v1/batches/${id}`);

    const byLine = new Map(results.map((result: any) => [result.line, result]));
    expect(byLine.get(1)).toMatchObject({ status: 'accepted', created: true });
    expect(byLine.get(2)).toMatchObject({ status: 'refused', code: 'validation_failed' });
    expect(byLine.get(3)).toMatchObject({ status: 'refused', code: 'validation_failed', errors: [expect.objectContaining({ pointer: expect.stringMatching(/^\/channels/) })] });
    expect(byLine.get(4)).toMatchObject({ status: 'refused', code: 'reconciliation_failed' });
    expect(byLine.get(4).errors.length).toBeGreaterThan(0);
    expect(byLine.get(5)).toEqual({ line: 5, status: 'accepted', documentId: byLine.get(1).documentId, created: false });
    expect(byLine.has(6)).toBe(false);
    expect(byLine.get(7)).toMatchObject({ status: 'accepted', created: true });
    expect(byLine.get(8)).toMatchObject({ status: 'refused', code: 'conflict', errors: [expect.objectContaining({ pointer: '/externalRef' })] });
    // A blank line is no request: seven lines counted.
    expect(summary.batch).toMatchObject({ lines: 7, counts: { accepted: 2, refused: 4 } });

    // The same externalRef posted alone afterwards is that document too.
    const single = await platform.http.post('/v1/documents').set(auth).send(invoice('B-1')).expect(200);
    expect(single.body.id).toBe(byLine.get(1).documentId);
    // A batch's invoice has its links from intake, lasting past its due date like a single POST's.
    expect(single.body.actions.pay.url).toMatch(/\/a\/pay\/[A-Za-z0-9_-]{24}$/);
    expect(Date.parse(single.body.actions.pay.expiresAt)).toBeGreaterThan(Date.parse(`${invoice('B-1').data.invoice.dueDate}T00:00:00Z`));
    expect(Date.parse(single.body.actions.pay.expiresAt)).toBeLessThan(Date.parse(`${invoice('B-1').data.invoice.dueDate}T00:00:00Z`) + 40 * 86_400_000);
    const issued = await platform.http.get(single.body.actions.pay.url.replace(/^https?:\/\/[^/]+/, '')).expect(200);
    expect(issued.text).toContain(invoice('B-1').data.invoice.number);

    const done = await batchWhen(id, (batch) => batch.completedAt !== null);
    expect(done.counts).toMatchObject({ accepted: 2, rendered: 2, rendering: 0, renderFailed: 0 });

    const db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    try {
      const events = await db.query(`SELECT data FROM events WHERE type = 'batch.completed' AND data->>'batchId' = $1`, [id]);
      expect(events.rows).toEqual([{ data: expect.objectContaining({ batchId: id, accepted: 2, rendered: 2, refused: 4 }) }]);
      const ledger = await db.query(`SELECT count(*)::int AS entries FROM document_ledger WHERE document_id = $1 AND event = 'accepted'`, [byLine.get(1).documentId]);
      expect(ledger.rows[0].entries).toBe(1);
      // Bidi controls are stripped from a batch line as from a POST.
      const stripped = await db.query(`SELECT recipient->>'name' AS name FROM documents WHERE id = $1`, [byLine.get(7).documentId]);
      expect(stripped.rows[0].name).toBe('Jordan Miller');
    } finally {
      await db.end();
    }
  });

  it('sends nothing of a cancelled batch, even on request', async () => {
    const response = await send(ndjson([invoice('C-1'), invoice('C-2')])).expect(201);
    const results = parse(response.body as string);
    const id = results.pop().batch.id as string;
    await batchWhen(id, (batch) => batch.completedAt !== null);
    const cancelled = await platform.http.post(`/v1/batches/${id}/cancel`).set(auth).expect(202);
    expect(cancelled.body).toMatchObject({ id, cancelled: true, counts: { rendered: 2, sent: 0 } });
    expect(cancelled.body.cancelledAt).not.toBeNull();
    expect((await platform.http.post(`/v1/batches/${id}/cancel`).set(auth).expect(202)).body.cancelled).toBe(false);

    const refused = await platform.http.post(`/v1/documents/${results[0].documentId}/dispatch`).set(auth).expect(409);
    expect(refused.body.code).toBe('invalid_state');
    expect((await platform.http.get(`/v1/documents/${results[0].documentId}`).set(auth).expect(200)).body.deliveries).toEqual([]);
  });

  it('refuses a body that is not NDJSON, and an unknown batch', async () => {
    const refused = await platform.http.post('/v1/batches').set(auth).set('Content-Type', 'application/json').send('{}').expect(415);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    await platform.http.get('/v1/batches/00000000-0000-4000-8000-000000000000').set(auth).expect(404);
  });
});

/** Twilio that takes each request and holds its answer until `release()`: a provider slower than the batch. */
class HeldTwilioServer extends FakeTwilioServer {
  private readonly held: Array<() => void> = [];

  protected override success(request: ReceivedRequest, response: ServerResponse): void {
    this.held.push(() => super.success(request, response));
  }

  release(): void {
    for (const answer of this.held.splice(0)) answer();
  }
}

describe('cancelling a batch whose deliveries are queued (e2e)', () => {
  const twilio = new HeldTwilioServer();
  let platform: TestPlatform;
  let auth: Auth;
  let db: Client;

  beforeAll(async () => {
    await twilio.listen();
    platform = await startTestPlatform({
      ...twilio.env(),
      // One SMS at a time, unthrottled, and a provider wait longer than the test holds it:
      // the first message is with the provider while every other one waits in the queue.
      CCM_DISPATCH_SMS_CONCURRENCY: '1',
      CCM_DISPATCH_SMS_RATE: '0',
      CCM_DISPATCH_PROVIDER_TIMEOUT_MS: '120000',
    });
    auth = { Authorization: `Bearer ${await platform.keyFor('billing')}` };
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    twilio.release();
    await db?.end();
    await platform?.close();
    await twilio.close();
  });

  const deliveriesOf = async (batchId: string) =>
    (
      await db.query<{ status: string; skip_reason: string | null; recipient: string }>(
        `SELECT d.status, d.skip_reason, d.recipient FROM deliveries d JOIN documents doc ON doc.id = d.document_id WHERE doc.batch_id = $1 ORDER BY d.created_at`,
        [batchId],
      )
    ).rows;

  const until = async <T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> => {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline) throw new Error(`${what} never happened: ${JSON.stringify(value)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  it('skips every delivery not yet sent, as batch cancelled, and the provider receives none of them', async () => {
    const lines = Array.from({ length: 5 }, (_, i) =>
      invoice(`Q-${i + 1}`, { channels: ['sms'], dispatch: true, recipient: { ...fixture('invoice-en-us.json').recipient, phone: `+121255501${i + 10}` } }),
    );
    const response = await platform.http
      .post('/v1/batches')
      .set(auth)
      .set('Content-Type', 'application/x-ndjson')
      .send(ndjson(lines))
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done(null, text));
      })
      .expect(201);
    const id = parse(response.body as string).pop().batch.id as string;

    // Every document rendered and planned: five SMS deliveries, one of them with the provider (held), the rest queued.
    await until('five deliveries, one with the provider', () => deliveriesOf(id), (rows) => rows.length === 5 && twilio.received.length === 1);
    const before = await deliveriesOf(id);
    expect(before.filter((row) => row.status === 'queued')).toHaveLength(4);

    await platform.http.post(`/v1/batches/${id}/cancel`).set(auth).expect(202);
    twilio.release();

    const settled = await until('every delivery settled', () => deliveriesOf(id), (rows) => rows.every((row) => ['sent', 'skipped', 'failed'].includes(row.status)));
    // The one the provider already had was sent; nothing else went out.
    expect(settled.filter((row) => row.status === 'sent')).toHaveLength(1);
    const skipped = settled.filter((row) => row.status === 'skipped');
    expect(skipped).toHaveLength(4);
    expect(skipped.every((row) => row.skip_reason === 'batch cancelled')).toBe(true);
    // Give a wrongly queued send time to show itself before counting what the provider got.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(twilio.received).toHaveLength(1);
    expect(skipped.map((row) => row.recipient)).not.toContain(new URLSearchParams(twilio.received[0].raw.toString('utf8')).get('To'));
  }, 180_000);
});
