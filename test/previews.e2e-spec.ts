import { Client } from 'pg';
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { fixture } from './support/fixtures';
import { startTestPlatform, TestPlatform } from './support/test-platform';

type Content = Record<string, any>;

const TEXT_CHANNELS = ['email', 'sms', 'whatsapp'];

describe('previews API (e2e)', () => {
  let platform: TestPlatform;
  let db: Client;
  let author: string;
  let reviewer: string;
  let billing: string;
  let published: Content;
  let draft: number;
  let before: Record<string, number>;
  const auth = (key: string) => ({ Authorization: `Bearer ${key}` });
  const preview = (body: Record<string, unknown>, key = author) => platform.http.post('/v1/previews').set(auth(key)).send(body);

  /** Rows a preview must never add: documents, versions, audit entries, jobs. */
  const counts = async (): Promise<Record<string, number>> => {
    const counted: Record<string, number> = {};
    for (const table of ['documents', 'template_versions', 'audit_log', 'pgboss.job']) {
      counted[table] = (await db.query(`SELECT count(*)::int AS count FROM ${table}`)).rows[0].count;
    }
    return counted;
  };

  beforeAll(async () => {
    platform = await startTestPlatform();
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    [author, reviewer, billing] = await Promise.all([platform.keyFor('author'), platform.keyFor('reviewer'), platform.keyFor('billing')]);
    published = (await platform.http.get('/v1/templates/invoice/versions/1').set(auth(author)).expect(200)).body;
    const edited = structuredClone(published);
    edited.messages.en['invoice.greeting'] = 'Dear {name},';
    draft = (await platform.http.post('/v1/templates/invoice/versions?from=1').set(auth(author)).send(edited).expect(201)).body.number;
    before = await counts();
  });
  afterAll(async () => {
    await db?.end();
    await platform?.close();
  });

  it('renders a stored draft with a named sample, with static lint and non-functional action links', async () => {
    const res = await preview({ template: 'invoice', version: draft, sample: 'en-us', channels: TEXT_CHANNELS }).expect(200);
    const sample = published.samples['en-us'];
    expect(res.body).toMatchObject({
      template: { key: 'invoice', version: draft, status: 'draft', contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) },
      sample: 'en-us',
      locale: { tag: 'en-US', language: 'en', dir: 'ltr' },
      lint: expect.any(Array),
    });
    expect(Object.keys(res.body.channels)).toEqual(TEXT_CHANNELS);
    const { email, sms, whatsapp } = res.body.channels;
    expect(email).toMatchObject({ subject: expect.stringContaining(sample.data.invoice.number), clipped: false, warnings: [] });
    expect(email.html).toContain(`Dear ${sample.recipient.name},`);
    expect(email.htmlBytes).toBe(Buffer.byteLength(email.html));
    expect(email.text).toContain(sample.data.invoice.number);
    expect(sms).toMatchObject({ encoding: 'GSM-7', withinBudget: true, maxSegments: 4, segments: expect.any(Number) });
    expect(whatsapp).toMatchObject({ sendable: true, payload: { messaging_product: 'whatsapp', type: 'template' } });
    expect(whatsapp.filled.body).toContain(sample.recipient.name);
    // Links of the real shape, the same in every channel, that were never issued: they open nothing.
    const [, payToken] = /\/a\/pay\/([A-Za-z0-9_-]{24})$/.exec(sms.text) ?? [];
    expect(payToken).toBeDefined();
    expect(email.html).toContain(`/a/pay/${payToken}"`);
    const buttons = whatsapp.payload.template.components.filter((component: { type: string }) => component.type === 'button');
    expect(buttons[0].parameters).toEqual([{ type: 'text', text: payToken }]);
    const [, askToken] = /^ask:([A-Za-z0-9_-]{24})$/.exec(buttons[1].parameters[0].payload) ?? [];
    expect(email.html).toContain(`/a/ask/${askToken}"`);
    for (const token of [payToken, askToken]) {
      const issued = await db.query('SELECT 1 FROM action_links WHERE token_sha256 = $1', [createHash('sha256').update(token).digest()]);
      expect(issued.rowCount).toBe(0);
    }
  });

  it('renders the published version in every channel for a reviewer, PDF included, without lint', async () => {
    const res = await preview({ template: 'invoice', sample: 'en-us' }, reviewer).expect(200);
    expect(res.body.template).toMatchObject({ version: 1, status: 'published' });
    expect(res.body.lint).toBeUndefined();
    expect(Object.keys(res.body.channels)).toEqual(['email', 'pdf', 'sms', 'whatsapp']);
    const { pdf } = res.body.channels;
    expect(pdf.error).toBeUndefined();
    expect(Buffer.from(pdf.pdfBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf).toMatchObject({ pages: expect.any(Number), bytes: expect.any(Number), blockedRequests: [] });
    expect(pdf.pages).toBeGreaterThanOrEqual(1);
    // The first PDF starts the browser, which a busy machine makes slow, not wrong.
  }, 180_000);

  it('renders unsaved content: an edited subject shows at once', async () => {
    const content = structuredClone(published);
    content.channels.email.subject = 'Preview check {{invoice.number}}';
    const res = await preview({ content, sample: 'en-us', channels: ['email'] }).expect(200);
    expect(res.body.template).toMatchObject({ key: 'invoice', version: null, status: 'unsaved' });
    expect(res.body.channels.email.subject).toBe(`Preview check ${published.samples['en-us'].data.invoice.number}`);
    expect(res.body.lint).toEqual(expect.any(Array));
  });

  it('lays an Arabic sample out right to left', async () => {
    const res = await preview({ template: 'invoice', locale: 'ar-SA', channels: ['email', 'sms'] }).expect(200);
    expect(res.body.sample).toBe('ar-sa');
    expect(res.body.locale).toMatchObject({ tag: 'ar-SA', language: 'ar', dir: 'rtl' });
    expect(res.body.channels.email.html).toMatch(/<html[^>]*dir="rtl"/);
    expect(res.body.channels.sms.encoding).toBe('UCS-2');
  });

  it('shows an SMS over its segment budget without failing the other channels', async () => {
    const content = structuredClone(published);
    content.channels.sms.text = `${content.channels.sms.text} ${'Please keep this message for your records. '.repeat(20)}`;
    const res = await preview({ content, sample: 'en-us', channels: TEXT_CHANNELS }).expect(200);
    const { email, sms, whatsapp } = res.body.channels;
    expect(sms.withinBudget).toBe(false);
    expect(sms.segments).toBeGreaterThan(sms.maxSegments);
    expect(sms.problems).toEqual([expect.objectContaining({ pointer: '/channels/sms', message: expect.stringMatching(/segments/) })]);
    expect(sms.text).toContain('Please keep this message');
    expect(email.html).toContain(published.samples['en-us'].data.invoice.number);
    expect(whatsapp.sendable).toBe(true);
  });

  it('returns a channel that cannot render as an error beside the channels that can', async () => {
    const { locale, recipient, data } = fixture('invoice-en-us.json');
    const { phone: _phone, whatsapp: _whatsapp, ...noNumber } = recipient;
    const res = await preview({ template: 'invoice', locale, recipient: noNumber, data, channels: ['sms', 'whatsapp'] }).expect(200);
    expect(res.body.sample).toBeNull();
    expect(res.body.channels.whatsapp).toEqual({
      error: { code: 'validation_failed', message: expect.any(String), errors: [expect.objectContaining({ pointer: '/recipient/whatsapp' })] },
    });
    expect(res.body.channels.sms.text).toContain(data.invoice.number);
  });

  it('refuses data that breaks the data contract with 422 and a pointer', async () => {
    const { locale, recipient, data } = fixture('invoice-en-us.json');
    data.invoice.total = 83.1;
    const res = await preview({ template: 'invoice', locale, recipient, data }).expect(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ pointer: '/data/invoice/total' })]));
  });

  it('refuses malformed unsaved content and ambiguous requests with pointers', async () => {
    const content = structuredClone(published);
    content.channels.sms.maxSegments = 0;
    const invalid = await preview({ content }).expect(422);
    expect(invalid.body.errors).toEqual([expect.objectContaining({ pointer: '/content/channels/sms/maxSegments' })]);
    const both = await preview({ template: 'invoice', content: published }).expect(422);
    expect(both.body.errors).toEqual([expect.objectContaining({ pointer: '/content' })]);
    const unknown = await preview({ template: 'invoice', sample: 'fr-fr' }).expect(422);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ pointer: '/sample' })]);
    const missing = await preview({ template: 'invoice', version: 99 }).expect(422);
    expect(missing.body.errors).toEqual([expect.objectContaining({ pointer: '/version' })]);
  });

  it('is for authors and reviewers only', async () => {
    const body = { template: 'invoice', channels: ['sms'] };
    expect((await preview(body, billing).expect(403)).body.code).toBe('forbidden');
    expect((await platform.http.post('/v1/previews').send(body).expect(401)).body.code).toBe('unauthenticated');
  });

  it('answers email, SMS and WhatsApp previews of edited content fast (logs p50/p95)', async () => {
    const base = structuredClone(published);
    const edits: Record<string, (content: Content, i: number) => void> = {
      subject: (content, i) => (content.channels.email.subject = `${base.channels.email.subject} #${i}`),
      catalog: (content, i) => (content.messages.en['invoice.greeting'] = `Hello {name}, (${i})`),
      sms: (content, i) => (content.channels.sms.text = `${base.channels.sms.text} ${i}`),
      mjml: (content, i) =>
        (content.channels.email.mjml = base.channels.email.mjml.replace('</mj-body>', `<mj-section><mj-column><mj-text>Edit ${i}</mj-text></mj-column></mj-section></mj-body>`)),
    };
    // The server runs in this process: CPU time is what a preview costs whatever else the machine is doing.
    const timed = async (content: Content): Promise<{ wall: number; cpu: number }> => {
      const cpu = process.cpuUsage();
      const started = performance.now();
      const res = await preview({ content, sample: 'en-us', channels: TEXT_CHANNELS }).expect(200);
      const wall = performance.now() - started;
      const used = process.cpuUsage(cpu);
      for (const channel of TEXT_CHANNELS) expect(res.body.channels[channel].error).toBeUndefined();
      return { wall, cpu: (used.user + used.system) / 1000 };
    };
    await timed(base);
    const byEdit: Record<string, Array<{ wall: number; cpu: number }>> = Object.fromEntries(Object.keys(edits).map((kind) => [kind, []]));
    for (let i = 0; i < 50; i++) {
      const kind = Object.keys(edits)[i % 4];
      const content = structuredClone(base);
      edits[kind](content, i);
      byEdit[kind].push(await timed(content));
    }
    const repeated: Array<{ wall: number; cpu: number }> = [];
    for (let i = 0; i < 50; i++) repeated.push(await timed(base));
    const line = (label: string, runs: Array<{ wall: number; cpu: number }>) => {
      const at = (key: 'wall' | 'cpu', p: number) => percentile(runs.map((run) => run[key]), p).toFixed(1);
      return `${label.padEnd(30)} n=${String(runs.length).padStart(2)}  wall p50 ${at('wall', 50)} ms, p95 ${at('wall', 95)} ms  cpu p50 ${at('cpu', 50)} ms, p95 ${at('cpu', 95)} ms`;
    };
    console.log(
      [
        'POST /v1/previews: built-in invoice, email+sms+whatsapp, sample en-us',
        line('a small edit each time (all)', Object.values(byEdit).flat()),
        ...Object.entries(byEdit).map(([kind, runs]) => line(`  edit in ${kind}`, runs)),
        line('unchanged content', repeated),
      ].join('\n'),
    );
  });

  it('stores, queues and audits nothing', async () => {
    expect(await counts()).toEqual(before);
  });
});

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
