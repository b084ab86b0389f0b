import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { formatMoney } from '../libs/templating/src';
import { fixture, loadFixtures } from './support/fixtures';
import { ADMIN_KEY, startTestPlatform, TestPlatform } from './support/test-platform';
import { bytesBody } from './support/http-body';

describe('documents API (e2e)', () => {
  let platform: TestPlatform;
  let billing: string;
  const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

  beforeAll(async () => {
    platform = await startTestPlatform();
    billing = await platform.keyFor('billing');
  });
  afterAll(() => platform.close());

  describe('every sample document', () => {
    it.each(loadFixtures().map((f) => [f.file, f.body]))('%s posts with 201 and returns email HTML and a text part', async (_file, body) => {
      const created = await platform.http.post('/v1/documents').set(auth(billing)).send(body).expect(201);
      expect(created.headers['content-type']).toMatch(/application\/json/);
      expect(created.body).toMatchObject({
        id: expect.any(String),
        type: body.type,
        template: { key: body.type, version: 1, contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) },
      });
      const id = created.body.id;

      const html = await platform.http.get(`/v1/documents/${id}/renditions/email`).set(auth(billing)).expect(200);
      expect(html.headers['content-type']).toMatch(/^text\/html/);
      const rtl = body.locale.startsWith('ar');
      expect(html.text).toMatch(rtl ? /<html[^>]*dir="rtl"/ : /<html[^>]*dir="ltr"|<html(?![^>]*dir="rtl")/);
      expect(html.text).toContain(body.recipient.name);

      const text = await platform.http.get(`/v1/documents/${id}/renditions/email?part=text`).set(auth(billing)).expect(200);
      expect(text.headers['content-type']).toMatch(/^text\/plain/);
      expect(text.text).toContain(body.recipient.name);
      expect(text.text).not.toMatch(/<[a-z]/i);

      const view = await platform.http.get(`/v1/documents/${id}`).set(auth(billing)).expect(200);
      expect(view.body.renditions.email).toMatchObject({
        status: 'ready',
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        href: `/v1/documents/${id}/renditions/email`,
      });
      // The document's own links, each with when it stops working; only an invoice is paid through one.
      const link = (purpose: string) => ({ url: expect.stringMatching(new RegExp(`^https://billing\\.example\\.test/a/${purpose}/[A-Za-z0-9_-]{24}$`)), expiresAt: expect.any(String) });
      expect(view.body.actions).toEqual(body.type === 'invoice' ? { pay: link('pay'), ask: link('ask') } : { ask: link('ask') });
      expect(Date.parse(view.body.actions.ask.expiresAt)).toBeGreaterThan(Date.now());
      expect(html.text).toContain(view.body.actions.ask.url);
      if (body.type === 'invoice') {
        expect(html.text).toContain(body.data.invoice.number);
        expect(html.text).toContain(view.body.actions.pay.url);
        // A late payer can still pay: the link outlives the due date (by CCM_ACTION_LINK_DAYS_AFTER_DUE).
        expect(Date.parse(view.body.actions.pay.expiresAt)).toBeGreaterThan(Date.parse(`${body.data.invoice.dueDate}T23:59:59.999-12:00`));
      }
      if (body.channels.includes('pdf')) {
        const pdf = await platform.http
          .get(`/v1/documents/${id}/renditions/pdf`)
          .set(auth(billing))
          .buffer(true)
          .parse(bytesBody)
          .expect(200);
        expect(pdf.headers['content-type']).toBe('application/pdf');
        const file = writeTemp(pdf.body as Buffer, 'out.pdf');
        const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
        if (body.type === 'invoice') {
          expect(text).toContain(body.data.invoice.number);
          // The pay link in the text layer beside its QR code (a long link may wrap).
          expect(text.replace(/\s+/g, '')).toContain(view.body.actions.pay.url);
          const total = formatMoney(body.data.invoice.total, body.data.invoice.currency, body.locale);
          expect(comparable(text)).toContain(comparable(total));
        }
        const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
        expect(info).toMatch(/^Tagged:\s+yes$/m);
        // Titled with the number the page prints (these samples' externalRefs happen to be the same).
        const number = body.type === 'invoice' ? body.data.invoice.number : body.type === 'payment-confirmation' ? body.data.payment.reference : body.externalRef;
        expect(info).toMatch(new RegExp(`^Title:.*${number}`, 'm'));
        // The page footer speaks the document's language, in the digits its amounts use.
        const one = new Intl.NumberFormat(body.locale).format(1);
        const footer = { ar: `صفحة${one}من${one}`, zh: '第1页，共1页', en: 'Page1of1' }[body.locale.slice(0, 2) as 'ar' | 'zh' | 'en'];
        expect(comparable(text)).toContain(footer);
        const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
        expect(fonts.length).toBeGreaterThan(0);
        // Column "emb" is the third from the right in pdffonts' table; every font is a real
        // subset font (CID TrueType), never a Type 3 picture of each glyph.
        for (const font of fonts) expect(font.trim().split(/\s+/).slice(-5)[0]).toBe('yes');
        expect(fonts.filter((font) => / Type 3 /.test(font))).toEqual([]);
      }
      if (body.type === 'invoice' && body.channels.includes('whatsapp')) {
        const message = await platform.http.get(`/v1/documents/${id}/renditions/whatsapp`).set(auth(billing)).expect(200);
        const button = message.body.template.components.find((c: { sub_type?: string }) => c.sub_type === 'url');
        // The button carries only the dynamic end of the pay link; its base is registered with Meta.
        expect(view.body.actions.pay.url.endsWith(`/a/pay/${button.parameters[0].text}`)).toBe(true);
      }
    });
  });

  it('titles the PDF with the invoice number it prints, not the billing system\'s reference', async () => {
    const body = fixture('invoice-en-us.json');
    body.externalRef = 'BILL-RUN-2026-11/ACCT-C-10023';
    body.data.invoice.number = 'INV-H-LONG-220';
    const created = await platform.http.post('/v1/documents').set(auth(billing)).send(body).expect(201);
    const pdf = await platform.http
      .get(`/v1/documents/${created.body.id}/renditions/pdf`)
      .set(auth(billing))
      .buffer(true)
      .parse(bytesBody)
      .expect(200);
    const info = execFileSync('pdfinfo', ['-enc', 'UTF-8', writeTemp(pdf.body as Buffer, 'titled.pdf')], { encoding: 'utf8' });
    expect(info).toMatch(/^Title:\s+Invoice INV-H-LONG-220$/m);
  });

  describe('Idempotency-Key', () => {
    it('replays the first response for the same key and body, without a second document', async () => {
      const body = { ...fixture('invoice-en-us.json'), externalRef: 'IDEM-REPLAY-1' };
      const first = await platform.http.post('/v1/documents').set(auth(billing)).set('Idempotency-Key', 'k-replay-1').send(body).expect(201);
      const second = await platform.http.post('/v1/documents').set(auth(billing)).set('Idempotency-Key', 'k-replay-1').send(body).expect(201);
      expect(second.body.id).toBe(first.body.id);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(second.body).toEqual(first.body);
      expect(second.body.renditions.email.href).toBe(`/v1/documents/${first.body.id}/renditions/email`);
      expect(await countDocuments(platform, 'IDEM-REPLAY-1')).toBe(1);
    });

    it('answers 422 when the same key comes with another body, and writes nothing', async () => {
      const body = { ...fixture('invoice-en-us.json'), externalRef: 'IDEM-OTHER-1' };
      await platform.http.post('/v1/documents').set(auth(billing)).set('Idempotency-Key', 'k-other-1').send(body).expect(201);
      const changed = { ...body, externalRef: 'IDEM-OTHER-2' };
      const res = await platform.http.post('/v1/documents').set(auth(billing)).set('Idempotency-Key', 'k-other-1').send(changed).expect(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('idempotency_key_reused');
      expect(res.body.detail).toBe('This Idempotency-Key was already used with a different request body');
      expect(await countDocuments(platform, 'IDEM-OTHER-2')).toBe(0);
    });

    it('answers 409 to a request whose twin is still in flight, and exactly one document results', async () => {
      const body = { ...fixture('invoice-en-us.json'), externalRef: 'IDEM-CONCURRENT-1' };
      const send = () => platform.http.post('/v1/documents').set(auth(billing)).set('Idempotency-Key', 'k-concurrent-1').send(body);
      const responses = await Promise.all(Array.from({ length: 6 }, send));
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses).toContain(201);
      expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
      for (const r of responses.filter((r) => r.status === 409)) {
        expect(r.body.code).toBe('idempotency_in_flight');
        expect(r.body.detail).toBe('A request with this Idempotency-Key is still being processed');
      }
      const ids = new Set(responses.filter((r) => r.status === 201).map((r) => r.body.id));
      expect(ids.size).toBe(1);
      expect(await countDocuments(platform, 'IDEM-CONCURRENT-1')).toBe(1);
    });

    it('frees the key when the request was refused, so a corrected retry succeeds', async () => {
      const body = fixture('invoice-en-us.json');
      body.externalRef = 'IDEM-RETRY-1';
      body.data.invoice.total = '1.00';
      await platform.http.post('/v1/documents').set(auth(billing)).set('Idempotency-Key', 'k-retry-1').send(body).expect(422);
      await platform.http
        .post('/v1/documents')
        .set(auth(billing))
        .set('Idempotency-Key', 'k-retry-1')
        .send({ ...fixture('invoice-en-us.json'), externalRef: 'IDEM-RETRY-1' })
        .expect(201);
    });
  });

  describe('externalRef', () => {
    it('names the document: the same content again returns the same document with 200', async () => {
      const body = { ...fixture('invoice-ar-sa.json'), externalRef: 'DEDUPE-1' };
      const first = await platform.http.post('/v1/documents').set(auth(billing)).send(body).expect(201);
      const again = await platform.http.post('/v1/documents').set(auth(billing)).send(body).expect(200);
      expect(again.body.id).toBe(first.body.id);
      expect(await countDocuments(platform, 'DEDUPE-1')).toBe(1);
    });

    it('refuses other content under a taken externalRef with 409', async () => {
      const body = { ...fixture('invoice-zh-cn.json'), externalRef: 'DEDUPE-2' };
      await platform.http.post('/v1/documents').set(auth(billing)).send(body).expect(201);
      const other: Record<string, any> = structuredClone(body);
      other.recipient.name = 'Someone Else';
      const res = await platform.http.post('/v1/documents').set(auth(billing)).send(other).expect(409);
      expect(res.body).toMatchObject({ code: 'conflict', errors: [{ pointer: '/externalRef' }] });
    });
  });

  describe('validation', () => {
    it('names each schema violation by JSON pointer with 422, writing nothing', async () => {
      const body = fixture('invoice-en-us.json');
      body.externalRef = 'SCHEMA-1';
      delete body.data.invoice.dueDate;
      body.data.invoice.currency = 'dollars';
      const res = await platform.http.post('/v1/documents').set(auth(billing)).send(body).expect(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('validation_failed');
      const pointers = res.body.errors.map((e: { pointer: string }) => e.pointer);
      expect(pointers).toEqual(expect.arrayContaining(['/data/invoice/dueDate', '/data/invoice/currency']));
      expect(await countDocuments(platform, 'SCHEMA-1')).toBe(0);
    });

    it('refuses phone numbers that no numbering plan has, at their pointers, writing nothing', async () => {
      const body = fixture('invoice-en-us.json');
      body.externalRef = 'PHONE-1';
      // Well-formed E.164, but +999 is no country code and 555-01xx is reserved for fiction.
      body.recipient.phone = '+999123456';
      body.recipient.whatsapp = '+15555550100';
      const res = await platform.http.post('/v1/documents').set(auth(billing)).send(body).expect(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const pointers = res.body.errors.map((e: { pointer: string }) => e.pointer);
      expect(pointers).toEqual(expect.arrayContaining(['/recipient/phone', '/recipient/whatsapp']));
      expect(await countDocuments(platform, 'PHONE-1')).toBe(0);
    });

    it('refuses a currency that is not an active ISO 4217 one at its pointer, writing nothing', async () => {
      const invoice = fixture('invoice-en-us.json');
      invoice.externalRef = 'CURRENCY-1';
      invoice.data.invoice.currency = 'XYZ';
      const res = await platform.http.post('/v1/documents').set(auth(billing)).send(invoice).expect(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors).toEqual([{ pointer: '/data/invoice/currency', message: expect.stringContaining('ISO 4217') }]);
      expect(await countDocuments(platform, 'CURRENCY-1')).toBe(0);

      // Gold and the testing code look like currencies but no bill is paid in them.
      for (const [code, ref] of [['XAU', 'CURRENCY-2'], ['XTS', 'CURRENCY-3']]) {
        const payment = fixture('payment-confirmation-en-us.json');
        payment.externalRef = ref;
        payment.data.payment.currency = code;
        const refused = await platform.http.post('/v1/documents').set(auth(billing)).send(payment).expect(422);
        expect(refused.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/data/payment/currency']);
        expect(await countDocuments(platform, ref)).toBe(0);
      }
    });

    it('refuses unknown fields in the envelope and in the data', async () => {
      const body = fixture('invoice-en-us.json');
      body.externalRef = 'UNKNOWN-1';
      body.priority = 'high';
      const envelope = await platform.http.post('/v1/documents').set(auth(billing)).send(body).expect(422);
      expect(envelope.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ pointer: '/priority' })]));

      const inData = fixture('invoice-en-us.json');
      inData.externalRef = 'UNKNOWN-2';
      inData.data.invoice.discountCode = 'X';
      inData.recipient.nickname = 'J';
      const data = await platform.http.post('/v1/documents').set(auth(billing)).send(inData).expect(422);
      expect(data.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(
        expect.arrayContaining(['/recipient/nickname']),
      );
      const dataOnly = fixture('invoice-en-us.json');
      dataOnly.data.invoice.discountCode = 'X';
      const res = await platform.http.post('/v1/documents').set(auth(billing)).send(dataOnly).expect(422);
      expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/data/invoice/discountCode');
    });

    it('refuses an invoice that does not reconcile, pointing at the figure', async () => {
      const body = fixture('invoice-ar-kw.json');
      body.externalRef = 'RECON-1';
      body.data.invoice.lines[2].amount = '1.751';
      const res = await platform.http.post('/v1/documents').set(auth(billing)).send(body).expect(422);
      expect(res.body.code).toBe('reconciliation_failed');
      expect(res.body.errors[0]).toMatchObject({ pointer: '/data/invoice/lines/2/amount' });
      expect(await countDocuments(platform, 'RECON-1')).toBe(0);
    });

    it('answers malformed JSON with 400 problem+json, never 500', async () => {
      const res = await platform.http
        .post('/v1/documents')
        .set(auth(billing))
        .set('Content-Type', 'application/json')
        .send('{"type": "invoice",')
        .expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('malformed_request');
    });

    it('refuses an unknown document type at /type', async () => {
      const body = { ...fixture('invoice-en-us.json'), type: 'no-such-template' };
      const res = await platform.http.post('/v1/documents').set(auth(billing)).send(body).expect(422);
      expect(res.body.errors[0].pointer).toBe('/type');
    });
  });

  describe('authentication and roles', () => {
    it('answers 401 without a key or with an unknown one', async () => {
      const body = fixture('invoice-en-us.json');
      const none = await platform.http.post('/v1/documents').send(body).expect(401);
      expect(none.body.code).toBe('unauthenticated');
      await platform.http.post('/v1/documents').set(auth('ccm_not-a-real-key')).send(body).expect(401);
    });

    it('answers 403 to a key without the billing role', async () => {
      const author = await platform.keyFor('author');
      const res = await platform.http.post('/v1/documents').set(auth(author)).send(fixture('invoice-en-us.json')).expect(403);
      expect(res.body.code).toBe('forbidden');
      await platform.http.post('/v1/api-keys').set(auth(billing)).send({ name: 'x', roles: ['admin'] }).expect(403);
    });

    it('lets the admin issue keys that work at once and stop working when revoked', async () => {
      const issued = await platform.http.post('/v1/api-keys').set(auth(ADMIN_KEY)).send({ name: 'prod', roles: ['billing'], machine: { name: 'erp' } }).expect(201);
      expect(issued.body.key).toMatch(/^ccm_/);
      const listed = await platform.http.get('/v1/api-keys').set(auth(ADMIN_KEY)).expect(200);
      expect(JSON.stringify(listed.body)).not.toContain(issued.body.key);
      const doc = { ...fixture('service-update-en-us.json'), externalRef: 'KEY-1' };
      await platform.http.post('/v1/documents').set(auth(issued.body.key)).send(doc).expect(201);
      await platform.http.delete(`/v1/api-keys/${issued.body.id}`).set(auth(ADMIN_KEY)).expect(204);
      await platform.http.get('/v1/documents/00000000-0000-4000-8000-000000000000').set(auth(issued.body.key)).expect(401);
    });

    it('keeps /health open and everything else closed', async () => {
      await platform.http.get('/health').expect(200, { status: 'ok', database: 'up', migrations: 'applied' });
      await platform.http.get('/v1/api-keys').expect(401);
    });
  });

  it('documents every route in OpenAPI', async () => {
    const res = await platform.http.get('/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/health', '/v1/api-keys', '/v1/documents', '/v1/documents/{id}', '/v1/documents/{id}/renditions/{channel}']),
    );
  });
});

function writeTemp(bytes: Buffer, name: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'ccm-pdf-')), name);
  writeFileSync(file, bytes);
  return file;
}

/** Text without direction marks, isolates and spaces, which PDF text extraction places differently. */
function comparable(text: string): string {
  return text.replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\s]/g, '');
}

async function countDocuments(platform: TestPlatform, externalRef: string): Promise<number> {
  const { DataSource } = await import('typeorm');
  const db = platform.app.get(DataSource);
  const [{ count }] = await db.query('SELECT count(*)::int AS count FROM documents WHERE external_ref = $1', [externalRef]);
  return count;
}
