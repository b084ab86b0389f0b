import { gzipSync } from 'node:zlib';
import { Client } from 'pg';
import { fixture } from './support/fixtures';
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
