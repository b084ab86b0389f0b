import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { simpleParser } from 'mailparser';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import { RenderDocumentUseCase } from '../libs/documents/src';
import { resolveChromiumExecutable } from '../libs/rendering/src';
import { fixture } from './support/fixtures';
import { GlyphBrowser } from './support/glyph-probe';
import { bytesBody, textBody } from './support/http-body';
import { solidPng } from './support/solid-png';
import { startTestPlatform, TestPlatform } from './support/test-platform';

const run = promisify(execFile);
/** Where the screenshots are left for a person to look at. */
const SHOTS = '/tmp/shots/offers';
const FOREVER = '2099-01-01T00:00:00Z';

/** A real SMTP server on 127.0.0.1 that keeps every message it receives. */
class MailSink {
  readonly received: string[] = [];
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData: (stream, _session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        this.received.push(Buffer.concat(chunks).toString('utf8'));
        callback();
      });
    },
  });

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    return (this.server.server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * An offer whose rule only lets in customers whose id starts with `prefix`,
 * so the offers of one test never reach another test's invoices.
 */
function offerContent(prefix: string, title: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'invoice',
    texts: {
      en: { title, body: 'Ten times the speed for 10.00 more a month, no new contract.', ctaLabel: 'See the offer' },
      ar: { title: `${title} — فايبر 1000`, body: 'سرعة أعلى بعشر مرات مقابل 10.00 إضافية شهريًا، دون عقد جديد.', ctaLabel: 'اطّلع على العرض' },
      zh: { title: `${title} — 光纤 1000`, body: '每月只需多付 10.00，速度提升十倍，无需新合同。', ctaLabel: '查看优惠' },
    },
    image: 'offer-banner',
    cta: { type: 'url', url: 'https://northwind.example/fiber-1000' },
    validFrom: '2026-01-01T00:00:00Z',
    validUntil: FOREVER,
    priority: 10,
    frequencyCap: 5,
    slots: ['after-totals'],
    channels: {
      email: {
        mjml:
          '<mj-image src="{{imageSrc}}" alt="" width="552px" height="80px" padding="4px 24px" />' +
          '<mj-text align="[[align]]" font-size="18px" font-weight="700" padding-top="8px">{{title}}</mj-text>' +
          '<mj-text align="[[align]]">{{body}}</mj-text>' +
          '<mj-button href="{{ctaUrl}}" background-color="#0f766e" color="#ffffff">{{ctaLabel}}</mj-button>',
      },
      pdf: {
        html:
          '<div style="display:flex;gap:8pt;align-items:center"><img src="{{imageSrc}}" alt="" style="width:56pt;height:36pt;object-fit:cover;border-radius:4pt">' +
          '<div><strong>{{title}}</strong><br>{{body}} <a href="{{ctaUrl}}" style="color:#0f766e;font-weight:700">{{ctaLabel}}</a></div></div>',
      },
    },
    eligibility: {
      and: [{ in: [prefix, { var: 'recipient.customerId' }] }, { in: [{ var: 'data.account.plan' }, ['Fiber 500', 'الألياف 500']] }, { '<': [{ var: 'derived.amountDue' }, 1000] }],
    },
    ...over,
  };
}

describe('offers in transactional messages (e2e)', () => {
  const smtp = new MailSink();
  let platform: TestPlatform;
  let db: Client;
  let marketer: string;
  let reviewer: string;
  let billing: string;
  let author: string;
  let browser: GlyphBrowser;
  let refs = 0;
  let fiber: number;
  const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

  beforeAll(async () => {
    const port = await smtp.listen();
    platform = await startTestPlatform({ CCM_EMAIL_TRANSPORT: 'smtp', SMTP_URL: `smtp://127.0.0.1:${port}`, CCM_EMAIL_FROM: 'billing@northwind.example' });
    db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    [marketer, reviewer, billing, author] = await Promise.all([
      platform.keyFor('marketer'),
      platform.keyFor('reviewer'),
      platform.keyFor('billing'),
      platform.keyFor('author'),
    ]);
    await platform.http
      .post('/v1/assets')
      .set(auth(author))
      .send({ name: 'offer-banner', contentType: 'image/png', data: solidPng(552, 80, [15, 118, 110]).toString('base64') })
      .expect(201);
    // The offer most tests expect: published once, for customers whose id holds "SEEN-".
    fiber = await publishedOffer('fiber-1000', offerContent('SEEN-', 'Go Fiber 1000'));
    await rm(SHOTS, { recursive: true, force: true });
    await mkdir(SHOTS, { recursive: true });
    browser = await GlyphBrowser.launch(await resolveChromiumExecutable(process.env.CHROMIUM_PATH || process.env.PUPPETEER_EXECUTABLE_PATH || undefined));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await db?.end();
    await platform?.close();
    await smtp.close();
  });

  /** Drafted by the marketer, submitted, approved and published by the reviewer. */
  async function publishedOffer(key: string, content: Record<string, unknown>): Promise<number> {
    await platform.http.post('/v1/offers').set(auth(marketer)).send({ key }).expect(201);
    const { number } = (await platform.http.post(`/v1/offers/${key}/versions`).set(auth(marketer)).send(content).expect(201)).body;
    await platform.http.post(`/v1/offers/${key}/versions/${number}/submit`).set(auth(marketer)).expect(200);
    await platform.http.post(`/v1/offers/${key}/versions/${number}/approve`).set(auth(reviewer)).send({ publish: true }).expect(200);
    return number;
  }

  const consent = (customerId: string, consented = true) =>
    platform.http.put(`/v1/consents/marketing/${customerId}`).set(auth(billing)).send({ consented }).expect(200);

  /** Posts a sample invoice for `customerId` and waits until every channel rendered. */
  async function invoice(customerId: string, over: { file?: string; channels?: string[]; dispatch?: boolean; marketing?: boolean } = {}): Promise<string> {
    const body = fixture(over.file ?? 'invoice-en-us.json');
    refs += 1;
    body.externalRef = `OFFER-${refs}`;
    body.recipient.customerId = customerId;
    body.recipient.email = `${customerId.toLowerCase()}@example.com`;
    body.recipient.phone = '+12125550143';
    body.recipient.whatsapp = '+12125550143';
    body.recipient.consents = { marketing: over.marketing ?? true };
    body.channels = over.channels ?? ['email', 'pdf'];
    body.dispatch = over.dispatch ?? false;
    const id = (await platform.http.post('/v1/documents').set(auth(billing)).send(body).expect(201)).body.id as string;
    const until = Date.now() + 120_000;
    for (;;) {
      const document = (await platform.http.get(`/v1/documents/${id}`).set(auth(billing)).expect(200)).body;
      if (document.status === 'rendered') return id;
      if (document.status === 'render_failed') throw new Error(`render failed: ${JSON.stringify(document.renditions)}`);
      if (Date.now() > until) throw new Error(`document ${id} not rendered: ${JSON.stringify(document)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  const emailOf = async (id: string) => (await platform.http.get(`/v1/documents/${id}/renditions/email`).set(auth(billing)).buffer(true).parse(textBody).expect(200)).body as string;
  const pdfOf = async (id: string) => (await platform.http.get(`/v1/documents/${id}/renditions/pdf`).set(auth(billing)).buffer(true).parse(bytesBody).expect(200)).body as Buffer;
  const jsonOf = async (id: string, channel: string) => JSON.stringify((await platform.http.get(`/v1/documents/${id}/renditions/${channel}`).set(auth(billing)).expect(200)).body);

  async function pdfText(pdf: Buffer): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'ccm-offer-pdf-'));
    try {
      await writeFile(join(dir, 'doc.pdf'), pdf);
      return (await run('pdftotext', ['-layout', join(dir, 'doc.pdf'), '-'])).stdout;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** The email at phone and desktop widths, and the PDF's pages at 70 dpi, for a person to look at. */
  async function screenshots(name: string, html: string, pdf: Buffer): Promise<void> {
    for (const width of [375, 600]) {
      const page = await browser.open(html, { media: 'screen', width });
      try {
        await page.screenshot({ path: join(SHOTS, `${name}-email-${width}.png`) as `${string}.png`, fullPage: true });
      } finally {
        await page.close();
      }
    }
    const dir = await mkdtemp(join(tmpdir(), 'ccm-offer-shots-'));
    try {
      await writeFile(join(dir, 'doc.pdf'), pdf);
      await run('pdftoppm', ['-png', '-r', '70', join(dir, 'doc.pdf'), join(dir, 'page')]);
      for (const file of (await readdir(dir)).filter((f) => f.endsWith('.png'))) await rename(join(dir, file), join(SHOTS, `${name}-pdf-${file}`));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  it('refuses at submit an eligibility rule that reads a path outside the data contract, naming it', async () => {
    await platform.http.post('/v1/offers').set(auth(marketer)).send({ key: 'bad-path' }).expect(201);
    const content = offerContent('BAD-', 'Bad path', { eligibility: { '==': [{ var: 'data.account.tier' }, 'gold'] } });
    const { number } = (await platform.http.post('/v1/offers/bad-path/versions').set(auth(marketer)).send(content).expect(201)).body;
    const refused = await platform.http.post(`/v1/offers/bad-path/versions/${number}/submit`).set(auth(marketer)).expect(422);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body.errors).toEqual([{ pointer: '/eligibility/==/0/var', message: expect.stringContaining('data.account.tier') }]);
    // A draft is edited by its author only, and the fixed rule passes.
    await platform.http.put(`/v1/offers/bad-path/versions/${number}`).set(auth(marketer)).send(offerContent('BAD-', 'Bad path')).expect(200);
    await platform.http.post(`/v1/offers/bad-path/versions/${number}/submit`).set(auth(marketer)).expect(200);
    // Submitted versions never change; their author never approves them, whatever the key's roles.
    await platform.http.put(`/v1/offers/bad-path/versions/${number}`).set(auth(marketer)).send(offerContent('BAD-', 'Other')).expect(409);
    await platform.http.post(`/v1/offers/bad-path/versions/${number}/approve`).set(auth(marketer)).send({}).expect(403);
    await platform.http.post(`/v1/offers/bad-path/versions/${number}/reject`).set(auth(reviewer)).send({ comment: 'not now' }).expect(200);
    // The database holds to it as well, whoever connects.
    await expect(db.query(`UPDATE offer_versions SET content = '{}' WHERE number = $1 AND offer_id = (SELECT id FROM offers WHERE key = 'bad-path')`, [number])).rejects.toThrow(/can no longer change/);
    const audit = await db.query(`SELECT action FROM audit_log WHERE subject_id LIKE 'bad-path%' ORDER BY id`);
    expect(audit.rows.map((row) => row.action)).toEqual(['offer.created', 'offer_version.drafted', 'offer_version.edited', 'offer_version.submitted', 'offer_version.rejected']);
  });

  it("carries the offer in a consented, eligible recipient's email and PDF, never in SMS or WhatsApp, in English and Arabic", async () => {
    await consent('SEEN-EN');
    await consent('SEEN-AR');
    const en = await invoice('SEEN-EN', { channels: ['email', 'pdf', 'sms', 'whatsapp'] });
    const html = await emailOf(en);
    expect(html).toContain('Go Fiber 1000');
    expect(html).toMatch(/href="https:\/\/billing\.example\.test\/o\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+"/);
    expect(html).toMatch(/href="https:\/\/billing\.example\.test\/u\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+"/);
    expect(html).toContain('data:image/png;base64,');
    const pdf = await pdfOf(en);
    expect(await pdfText(pdf)).toContain('Go Fiber 1000');
    for (const channel of ['sms', 'whatsapp']) {
      const message = await jsonOf(en, channel);
      expect(message).not.toContain('Fiber 1000');
      expect(message).not.toContain('/o/');
    }
    await screenshots('en', html, pdf);

    const ar = await invoice('SEEN-AR', { file: 'invoice-ar-sa.json' });
    const arabic = await emailOf(ar);
    expect(arabic).toContain('فايبر 1000');
    expect(arabic).toMatch(/direction:rtl/);
    const arabicPdf = await pdfOf(ar);
    await screenshots('ar', arabic, arabicPdf);

    // Recorded: the choice per document, and one impression per channel it rendered in.
    const impressions = await db.query(`SELECT channel, offer_version, arm FROM offer_impressions WHERE document_id = $1 ORDER BY channel`, [en]);
    expect(impressions.rows).toEqual([
      { channel: 'email', offer_version: fiber, arm: 'control' },
      { channel: 'pdf', offer_version: fiber, arm: 'control' },
    ]);
  }, 300_000);

  it("leaves out the offer, without an empty box, for a recipient without marketing consent on record or whose document says no", async () => {
    await consent('SEEN-NO', true);
    const withheld = await invoice('SEEN-NO', { marketing: false });
    const nobody = await invoice('SEEN-NONE');
    const plain = await invoice('PLAIN-1');
    for (const id of [withheld, nobody]) {
      const html = await emailOf(id);
      expect(html).not.toContain('Go Fiber 1000');
      expect(html).not.toContain('/u/');
      expect(await pdfText(await pdfOf(id))).not.toContain('Fiber 1000');
    }
    // The same message as a customer no offer targets, tokens and numbers aside: the slot left nothing behind.
    const strip = (html: string) => html.replace(/seen-none|plain-1/gi, '').replace(/[A-Za-z0-9_-]{16,}/g, '').replace(/\d+/g, '');
    expect(strip(await emailOf(nobody))).toBe(strip(await emailOf(plain)));
    const choices = await db.query(`SELECT reasons FROM offer_choices WHERE document_id = $1`, [nobody]);
    expect(JSON.stringify(choices.rows[0].reasons)).toContain('no marketing consent on record');
  }, 300_000);

  it('respects the frequency cap across a run of several invoices to one customer', async () => {
    await publishedOffer('capped', offerContent('CAP-', 'Capped offer', { frequencyCap: 2, priority: 50 }));
    await consent('CAP-1');
    const ids = await Promise.all([1, 2, 3, 4].map(() => invoice('CAP-1')));
    const carrying = [];
    for (const id of ids) if ((await emailOf(id)).includes('Capped offer')) carrying.push(id);
    expect(carrying).toHaveLength(2);
    // A re-render shows the same thing: the choice is recorded per document.
    const again = await db.query(`SELECT count(*)::int AS n FROM offer_choices WHERE document_id = ANY($1) AND offer_key = 'capped'`, [ids]);
    expect(again.rows[0].n).toBe(2);
  }, 300_000);

  it('shows the same offer when a document renders again, unless it may no longer be shown', async () => {
    await consent('SEEN-RR');
    const first = await invoice('SEEN-RR');
    // A better offer published after the first render does not change that document.
    await publishedOffer('rerender', offerContent('SEEN-RR', 'Rerender offer', { priority: 99 }));
    const rerender = async (id: string) => {
      await db.query(`UPDATE renditions SET status = 'pending' WHERE document_id = $1 AND channel = 'email'`, [id]);
      await platform.app.get(RenderDocumentUseCase).execute(id);
      return emailOf(id);
    };
    expect(await rerender(first)).toContain('Go Fiber 1000');
    const second = await invoice('SEEN-RR');
    expect(await emailOf(second)).toContain('Rerender offer');
    // Retired since: the next render of that document leaves its slot empty, and picks no other offer.
    await platform.http.post('/v1/offers/rerender/versions/1/retire').set(auth(reviewer)).expect(200);
    const again = await rerender(second);
    expect(again).not.toContain('Rerender offer');
    expect(again).not.toContain('Go Fiber 1000');
  }, 300_000);

  it('never renders an offer that is draft, rejected, expired or retired', async () => {
    await consent('GOV-1');
    // Draft: never submitted.
    await platform.http.post('/v1/offers').set(auth(marketer)).send({ key: 'gov-draft' }).expect(201);
    await platform.http.post('/v1/offers/gov-draft/versions').set(auth(marketer)).send(offerContent('GOV-', 'Draft offer', { priority: 90 })).expect(201);
    // Rejected.
    await platform.http.post('/v1/offers').set(auth(marketer)).send({ key: 'gov-rejected' }).expect(201);
    await platform.http.post('/v1/offers/gov-rejected/versions').set(auth(marketer)).send(offerContent('GOV-', 'Rejected offer', { priority: 90 })).expect(201);
    await platform.http.post('/v1/offers/gov-rejected/versions/1/submit').set(auth(marketer)).expect(200);
    await platform.http.post('/v1/offers/gov-rejected/versions/1/reject').set(auth(reviewer)).send({ comment: 'no' }).expect(200);
    // Expired: published, but its window closed.
    await publishedOffer('gov-expired', offerContent('GOV-', 'Expired offer', { priority: 90, validFrom: '2025-01-01T00:00:00Z', validUntil: '2025-06-01T00:00:00Z' }));
    // Retired after being published.
    await publishedOffer('gov-retired', offerContent('GOV-', 'Retired offer', { priority: 90 }));
    await platform.http.post('/v1/offers/gov-retired/versions/1/retire').set(auth(reviewer)).expect(200);

    const id = await invoice('GOV-1');
    const html = await emailOf(id);
    for (const title of ['Draft offer', 'Rejected offer', 'Expired offer', 'Retired offer']) expect(html).not.toContain(title);
    const choice = await db.query(`SELECT offer_key, reasons FROM offer_choices WHERE document_id = $1`, [id]);
    expect(choice.rows[0].offer_key).toBeNull();
    const expired = (choice.rows[0].reasons as Array<{ key: string; reasons: string[] }>).find((r) => r.key === 'gov-expired');
    expect(expired!.reasons.join(' ')).toContain('expired at 2025-06-01T00:00:00Z');
    // Only published versions are candidates at all.
    expect((choice.rows[0].reasons as Array<{ key: string }>).map((r) => r.key)).not.toEqual(expect.arrayContaining(['gov-draft', 'gov-rejected', 'gov-retired']));
  }, 300_000);

  it('refuses at submit a template that puts an offer slot in a WhatsApp utility message', async () => {
    const published = (await platform.http.get('/v1/templates/invoice/versions/1').set(auth(author)).expect(200)).body;
    const edited = structuredClone(published);
    edited.channels.whatsapp.parameters.amount_due = '{{money invoice.amountDue invoice.currency}} {{offers.afterTotals.email}}';
    const { number } = (await platform.http.post('/v1/templates/invoice/versions?from=1').set(auth(author)).send(edited).expect(201)).body;
    const refused = await platform.http.post(`/v1/templates/invoice/versions/${number}/submit`).set(auth(author)).expect(422);
    expect(refused.body.errors).toEqual(
      expect.arrayContaining([{ pointer: '/channels/whatsapp/parameters/amount_due', message: expect.stringMatching(/WhatsApp utility message never carries an offer/) }]),
    );
  }, 180_000);

  it('unsubscribes in one click from the List-Unsubscribe header of a received email, and the next invoice has no offer', async () => {
    await consent('SEEN-UNSUB');
    const id = await invoice('SEEN-UNSUB', { dispatch: true });
    const until = Date.now() + 120_000;
    while (!smtp.received.some((raw) => raw.includes('seen-unsub@example.com'))) {
      if (Date.now() > until) throw new Error('the invoice email never arrived');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const raw = smtp.received.find((message) => message.includes('seen-unsub@example.com'))!;
    const parsed = await simpleParser(raw);
    const header = parsed.headerLines.find((line) => line.key === 'list-unsubscribe')!.line;
    const post = parsed.headerLines.find((line) => line.key === 'list-unsubscribe-post')!.line;
    expect(post).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const url = new URL(/<(https:[^>]+)>/.exec(header.replace(/\r?\n\s+/g, ''))![1]);
    expect(url.origin).toBe('https://billing.example.test');
    expect(parsed.html).toContain('Go Fiber 1000');
    expect(id).toBeDefined();

    // A scanner's GET shows a page and changes nothing.
    const page = await platform.http.get(url.pathname).set('Accept-Language', 'ar').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('dir="rtl"');
    expect(page.text).toContain('<form method="post">');
    expect((await db.query(`SELECT consented FROM marketing_consents WHERE customer_id = 'SEEN-UNSUB'`)).rows[0].consented).toBe(true);
    // A forged token is refused without a hint.
    await platform.http.post(`${url.pathname.slice(0, -2)}xx`).type('form').send('List-Unsubscribe=One-Click').expect(404);

    await platform.http.post(url.pathname).type('form').send('List-Unsubscribe=One-Click').expect(200);
    expect((await db.query(`SELECT consented, source FROM marketing_consents WHERE customer_id = 'SEEN-UNSUB'`)).rows[0]).toEqual({ consented: false, source: 'unsubscribe' });
    const audit = await db.query(`SELECT actor FROM audit_log WHERE action = 'marketing_consent.withdrawn' AND subject_id = 'SEEN-UNSUB'`);
    expect(audit.rows).toEqual([{ actor: 'customer:SEEN-UNSUB' }]);

    const next = await invoice('SEEN-UNSUB');
    expect(await emailOf(next)).not.toContain('Go Fiber 1000');
    // Without an offer there is nothing to unsubscribe from: no header either.
    const mime = (await platform.http.get(`/v1/documents/${next}/renditions/email?part=mime`).set(auth(billing)).buffer(true).parse(textBody).expect(200)).body as string;
    expect(mime).not.toMatch(/^List-Unsubscribe/im);
  }, 300_000);

  it('counts clicks by people apart from scanners, takes conversions, and reports per version and arm', async () => {
    await consent('SEEN-CLICK');
    const id = await invoice('SEEN-CLICK');
    const link = new URL(/href="(https:\/\/billing\.example\.test\/o\/[^"]+)"/.exec(await emailOf(id))![1]);
    await platform.http.head(link.pathname).expect(303);
    await platform.http.get(link.pathname).set('User-Agent', 'Mozilla/5.0 (compatible; Barracuda Sentinel scanner)').expect(303);
    const followed = await platform.http.get(link.pathname).set('User-Agent', 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X)').expect(303);
    expect(followed.headers.location).toBe('https://northwind.example/fiber-1000');
    await platform.http.get(`${link.pathname}x`).set('User-Agent', 'Mozilla/5.0').expect(404);
    await platform.http
      .post('/v1/offers/fiber-1000/conversions')
      .set(auth(billing))
      .send({ customerId: 'SEEN-CLICK', documentId: id, at: new Date().toISOString() })
      .expect(201);
    await platform.http.post('/v1/offers/fiber-1000/conversions').set(auth(marketer)).send({ customerId: 'SEEN-CLICK', at: new Date().toISOString() }).expect(403);
    const rows = (await platform.http.get('/v1/analytics/offers?offer=fiber-1000').set(auth(marketer)).expect(200)).body;
    expect(rows).toEqual([
      expect.objectContaining({ offerKey: 'fiber-1000', version: 1, arm: 'control', clicks: 1, scannerHits: 2, conversions: 1, clickRate: expect.any(Number) }),
    ]);
    expect(rows[0].impressions).toBeGreaterThanOrEqual(2);
    // Measurements are evidence: the runtime can add to them, never rewrite them.
    const runtime = new Client({ connectionString: platform.runtimeDatabaseUrl });
    await runtime.connect();
    try {
      await expect(runtime.query(`DELETE FROM offer_impressions`)).rejects.toThrow(/permission denied/);
      await expect(runtime.query(`UPDATE offer_choices SET offer_key = NULL`)).rejects.toThrow(/permission denied/);
    } finally {
      await runtime.end();
    }
  }, 300_000);

  it('splits recipients between the arms of an A/B test, each always seeing its own words, and reports each arm', async () => {
    const split = { arms: [{ name: 'a', weight: 50 }, { name: 'b', weight: 50, texts: { en: { title: 'Arm B: five times faster' } } }] };
    await publishedOffer('split', offerContent('AB-', 'Arm A: go faster', { abSplit: split, priority: 60 }));
    const customers = ['AB-1', 'AB-2', 'AB-3', 'AB-4', 'AB-5', 'AB-6'];
    for (const customer of customers) await consent(customer);
    const titles = await Promise.all(customers.map(async (customer) => ((await emailOf(await invoice(customer))).includes('Arm B: five') ? 'b' : 'a')));
    expect(new Set(titles).size).toBe(2);
    // The same customer draws the same arm on the next invoice.
    expect((await emailOf(await invoice('AB-1'))).includes('Arm B: five') ? 'b' : 'a').toBe(titles[0]);
    const rows = (await platform.http.get('/v1/analytics/offers?offer=split').set(auth(reviewer)).expect(200)).body as Array<{ arm: string; recipients: number }>;
    expect(rows.map((row) => row.arm).sort()).toEqual(['a', 'b']);
    expect(rows.reduce((sum, row) => sum + row.recipients, 0)).toBe(customers.length);
  }, 300_000);

  it('previews an offer version inside a real invoice for its reviewer, and explains the choice in template previews', async () => {
    await consent('SEEN-EN');
    const preview = (await platform.http.get('/v1/offers/fiber-1000/versions/1/preview').set(auth(reviewer)).expect(200)).body;
    expect(preview).toMatchObject({ offer: { key: 'fiber-1000', version: 1, status: 'published' }, template: { key: 'invoice' }, slot: 'after-totals' });
    expect(preview.email.html).toContain('Go Fiber 1000');
    expect(Buffer.from(preview.pdf.pdfBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    expect(preview.eligibility.summary).toMatch(/customerId ✗/);

    const sample = (await platform.http.get('/v1/templates/invoice/versions/1').set(auth(author)).expect(200)).body.samples['en-us'];
    const templatePreview = (
      await platform.http
        .post('/v1/previews')
        .set(auth(author))
        .send({ template: 'invoice', channels: ['email'], data: sample.data, locale: 'en-US', recipient: { ...sample.recipient, customerId: 'SEEN-EN' } })
        .expect(200)
    ).body;
    const fiber = templatePreview.offers.find((offer: { key: string }) => offer.key === 'fiber-1000');
    expect(fiber).toMatchObject({ version: 1, chosen: true, reasons: expect.arrayContaining([expect.stringMatching(/^✓ eligibility: .*customerId/)]) });
    // Every other published offer says what failed.
    for (const other of templatePreview.offers.filter((offer: { chosen: boolean }) => !offer.chosen)) {
      expect(other.reasons.some((reason: string) => reason.startsWith('✗'))).toBe(true);
    }
    expect(templatePreview.channels.email.html).toContain('Go Fiber 1000');
  }, 300_000);
});
