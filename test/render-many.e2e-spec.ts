import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { DocumentLedgerRepository, findLedgerBreak, RENDER_BATCH_QUEUE, RenderChunkJob, RenderDocumentJob, RenderDocumentUseCase } from '../libs/documents/src';
import { JobQueue } from '../libs/jobs/src';
import { fixture } from './support/fixtures';
import { startTestPlatform, TestPlatform } from './support/test-platform';

type Auth = Record<string, string>;

/**
 * Message render jobs of one fetch render together, in one transaction; each
 * document's outcome stays its own. Chromium cannot start here, so a PDF is a
 * transient failure (its job retried) beside documents that render, one that
 * fails for good (an SMS past its budget) and one whose links cannot be
 * derived (a throw before anything is recorded).
 */
describe('many documents rendered at once (e2e)', () => {
  let platform: TestPlatform;
  let auth: Auth;
  let db: DataSource;

  beforeAll(async () => {
    platform = await startTestPlatform({
      CHROMIUM_PATH: '/nonexistent/chromium',
      // Links under a long path: with the longest invoice number they take the SMS past its budget.
      CCM_PUBLIC_URL: 'https://billing.example.test/customer-care/self-service',
    });
    auth = { Authorization: `Bearer ${await platform.keyFor('billing')}` };
    db = platform.app.get(DataSource);
  });
  afterAll(() => platform?.close());

  const post = async (externalRef: string, channels: string[], invoiceNumber?: string) => {
    const body = fixture('invoice-en-us.json');
    body.externalRef = externalRef;
    body.channels = channels;
    body.dispatch = false;
    body.recipient = { ...body.recipient, phone: '+12125550142' };
    // 64 receipts (each two UCS-2 code units) and the long link push the SMS past the template's 4-segment budget.
    if (invoiceNumber) body.data.invoice.number = invoiceNumber;
    return (await platform.http.post('/v1/documents').set(auth).send(body).expect(201)).body.id as string;
  };

  const documentWhen = async (id: string, done: (document: any) => boolean, what: string) => {
    const until = Date.now() + 120_000;
    for (;;) {
      const document = (await platform.http.get(`/v1/documents/${id}`).set(auth).expect(200)).body;
      if (done(document)) return document;
      if (Date.now() > until) throw new Error(`${id} never ${what}: ${JSON.stringify(document)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  const statusOf = (document: any, channel: string) => document.renditions[channel]?.status;
  const settled = (document: any) => document.status !== 'accepted';

  /** Five documents as the worker first left them, then back to pending for one more render of them all. */
  const prepare = async (prefix: string) => {
    const rendered = [await post(`${prefix}-A`, ['email', 'sms', 'whatsapp']), await post(`${prefix}-B`, ['email', 'sms', 'whatsapp'])];
    const contentError = await post(`${prefix}-C`, ['sms'], '🧾'.repeat(64));
    const transient = await post(`${prefix}-D`, ['email', 'pdf']);
    const throwing = await post(`${prefix}-E`, ['email']);
    for (const id of [...rendered, contentError, throwing]) await documentWhen(id, settled, 'settled');
    await documentWhen(transient, (document) => statusOf(document, 'email') === 'ready', 'had its email');
    const again = [...rendered, contentError, throwing];
    await db.query(`UPDATE renditions SET status = 'pending' WHERE document_id = ANY($1::uuid[])`, [again]);
    await db.query(`UPDATE documents SET status = 'accepted' WHERE id = ANY($1::uuid[])`, [again]);
    // A key no configuration holds any more: its links cannot be derived, so it cannot render.
    await db.query(`UPDATE action_links SET key_id = 'zz' WHERE document_id = $1`, [throwing]);
    return { rendered, contentError, transient, throwing };
  };

  const statesOf = async (id: string) => {
    const [row] = (await db.query(
      `SELECT d.status AS document, r.status AS email FROM documents d JOIN renditions r ON r.document_id = d.id AND r.channel = 'email' WHERE d.id = $1`,
      [id],
    )) as Array<{ document: string; email: string }>;
    return { ...row };
  };

  const expectIntactLedgers = async (ids: readonly string[]) => {
    const ledger = platform.app.get(DocumentLedgerRepository);
    for (const id of ids) expect(findLedgerBreak(await ledger.of(id))).toBeNull();
  };

  it('answers each document its own outcome and records the others, with their ledgers chained', async () => {
    const { rendered, contentError, transient, throwing } = await prepare('MANY-1');
    const attemptsBefore = (await db.query(`SELECT attempts FROM renditions WHERE document_id = $1 AND channel = 'pdf'`, [transient]))[0].attempts as number;

    const outcomes = await platform.app.get(RenderDocumentUseCase).executeMany([...rendered, contentError, transient, throwing]);

    expect(outcomes.slice(0, 3)).toEqual([undefined, undefined, undefined]);
    expect(outcomes[3]).toBeInstanceOf(Error);
    expect(outcomes[4]?.message).toMatch(/no longer configured/);
    for (const id of rendered) {
      const document = await documentWhen(id, settled, 'settled');
      expect(document.status).toBe('rendered');
      expect(['email', 'sms', 'whatsapp'].map((channel) => statusOf(document, channel))).toEqual(['ready', 'ready', 'ready']);
    }
    const failed = (await platform.http.get(`/v1/documents/${contentError}`).set(auth).expect(200)).body;
    expect(failed.status).toBe('render_failed');
    expect(statusOf(failed, 'sms')).toBe('failed');
    const waiting = (await platform.http.get(`/v1/documents/${transient}`).set(auth).expect(200)).body;
    expect(waiting.status).toBe('accepted');
    expect(statusOf(waiting, 'pdf')).toBe('pending');
    const attemptsAfter = (await db.query(`SELECT attempts FROM renditions WHERE document_id = $1 AND channel = 'pdf'`, [transient]))[0].attempts as number;
    expect(attemptsAfter).toBeGreaterThan(attemptsBefore);
    // Read from the tables: the API derives the links this document's key no longer can.
    expect(await statesOf(throwing)).toEqual({ document: 'accepted', email: 'pending' });
    await expectIntactLedgers([...rendered, contentError, transient, throwing]);
    // One `document.rendered` per document, though all were recorded in one transaction.
    const events = await db.query(`SELECT document_id, type FROM events WHERE document_id = ANY($1::uuid[]) ORDER BY document_id, occurred_at`, [rendered]);
    expect(events.filter((event: { type: string }) => event.type === 'document.rendered')).toHaveLength(4);
  }, 300_000);

  it("records the others one by one when one document's record breaks the shared transaction", async () => {
    const { rendered } = await prepare('MANY-3');
    const [fine, broken] = rendered;
    // The database refuses this one document's ledger entries, as a row gone from under a render would.
    const owner = new Client({ connectionString: platform.databaseUrl });
    await owner.connect();
    await owner.query(`CREATE FUNCTION refuse_ledger_of_many3() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.document_id = '${broken}'::uuid THEN RAISE EXCEPTION 'ledger refused for the test'; END IF; RETURN NEW; END $$`);
    await owner.query(`CREATE TRIGGER refuse_ledger_of_many3 BEFORE INSERT ON document_ledger FOR EACH ROW EXECUTE FUNCTION refuse_ledger_of_many3()`);
    try {
      const outcomes = await platform.app.get(RenderDocumentUseCase).executeMany([fine, broken], 'messages');
      expect(outcomes[0]).toBeUndefined();
      expect(outcomes[1]?.message).toMatch(/ledger refused/);
    } finally {
      await owner.query(`DROP TRIGGER refuse_ledger_of_many3 ON document_ledger`);
      await owner.query(`DROP FUNCTION refuse_ledger_of_many3()`);
      await owner.end();
    }
    expect((await documentWhen(fine, settled, 'settled')).status).toBe('rendered');
    const left = (await platform.http.get(`/v1/documents/${broken}`).set(auth).expect(200)).body;
    expect(left.status).toBe('accepted');
    expect(['email', 'sms', 'whatsapp'].map((channel) => statusOf(left, channel))).toEqual(['pending', 'pending', 'pending']);
    await expectIntactLedgers([fine, broken]);
  }, 300_000);

  it("settles each job of one fetch by its own document's outcome", async () => {
    const { rendered, contentError, throwing } = await prepare('MANY-2');
    // In one insert, so the worker's next fetch of the batch lane takes them together.
    await platform.app.get(JobQueue).enqueueMany<RenderDocumentJob>(
      RENDER_BATCH_QUEUE,
      [...rendered, contentError, throwing].map((documentId) => ({ documentId, part: 'messages' as const })),
    );
    for (const id of rendered) expect((await documentWhen(id, settled, 'settled')).status).toBe('rendered');
    expect((await documentWhen(contentError, settled, 'settled')).status).toBe('render_failed');

    const jobStates = async () =>
      new Map(
        ((await db.query(`SELECT data->>'documentId' AS id, state FROM pgboss.job WHERE name = $1 AND data->>'documentId' = ANY($2::text[])`, [
          RENDER_BATCH_QUEUE.name,
          [...rendered, contentError, throwing],
        ])) as Array<{ id: string; state: string }>).map((row) => [row.id, row.state]),
      );
    const until = Date.now() + 120_000;
    let states = await jobStates();
    while ([...rendered, contentError].some((id) => states.get(id) !== 'completed') || !['retry', 'failed'].includes(states.get(throwing) ?? '')) {
      if (Date.now() > until) throw new Error(`jobs never settled: ${JSON.stringify([...states])}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
      states = await jobStates();
    }
    expect(await statesOf(throwing)).toEqual({ document: 'accepted', email: 'pending' });
    await expectIntactLedgers([...rendered, contentError, throwing]);
  }, 300_000);

  it("renders a batch's chunk together and hands only its failed document a job of its own", async () => {
    const { rendered, contentError, throwing } = await prepare('MANY-CHUNK');
    const documentIds = [...rendered, contentError, throwing];
    const chunkJob = await platform.app.get(JobQueue).enqueue<RenderChunkJob>(RENDER_BATCH_QUEUE, { documentIds, part: 'messages' });
    for (const id of rendered) expect((await documentWhen(id, settled, 'settled')).status).toBe('rendered');
    expect((await documentWhen(contentError, settled, 'settled')).status).toBe('render_failed');

    const jobsOf = async () =>
      (await db.query(`SELECT id, state, data FROM pgboss.job WHERE name = $1 AND (id = $2::uuid OR data->>'documentId' = ANY($3::text[]))`, [
        RENDER_BATCH_QUEUE.name,
        chunkJob,
        documentIds,
      ])) as Array<{ id: string; state: string; data: Record<string, unknown> }>;
    const until = Date.now() + 120_000;
    let jobs = await jobsOf();
    while (jobs.find((job) => job.id === chunkJob)?.state !== 'completed' || !jobs.some((job) => job.data.documentId === throwing)) {
      if (Date.now() > until) throw new Error(`the chunk never settled: ${JSON.stringify(jobs)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
      jobs = await jobsOf();
    }
    // The chunk is done; the document that threw is retried alone, and no other document got a job of its own.
    expect(jobs.filter((job) => job.id !== chunkJob).map((job) => job.data)).toEqual([{ documentId: throwing, part: 'messages' }]);
    expect(await statesOf(throwing)).toEqual({ document: 'accepted', email: 'pending' });
    await expectIntactLedgers(documentIds);
  }, 300_000);
});
