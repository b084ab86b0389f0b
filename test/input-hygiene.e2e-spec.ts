import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { RenderDocumentUseCase } from '../libs/documents/src';
import { pdfText } from './support/pdf/poppler';
import { REPO_ROOT, startTestPlatform, TestPlatform } from './support/test-platform';
import { bytesBody, textBody } from './support/http-body';

/** The built-in invoice's own English sample, as a billing system would post it, in every channel. */
function invoiceDocument(): Record<string, any> {
  const sample = JSON.parse(readFileSync(path.join(REPO_ROOT, 'templates/invoice/samples/en-us.json'), 'utf8'));
  return { type: 'invoice', ...sample, externalRef: 'INV-2026-000122', channels: ['email', 'pdf', 'sms', 'whatsapp'] };
}

/** Overrides, embeddings and isolates: what must not reach a rendered message from customer data. */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
const SPOOF = 'Refund \u202E00.001$\u202C';

/**
 * Hostile bytes at intake: NUL, lone surrogates and control characters are
 * refused with 422 and the field's pointer before anything is written; line
 * breaks where a channel cannot take them likewise; bidi overrides never
 * reach a channel; and a 409 for a request still in flight says when to retry.
 */
describe('input hygiene (e2e)', () => {
  let platform: TestPlatform;
  let billing: string;
  let author: string;
  let reviewer: string;
  const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

  beforeAll(async () => {
    platform = await startTestPlatform();
    [billing, author, reviewer] = await Promise.all([platform.keyFor('billing'), platform.keyFor('author'), platform.keyFor('reviewer')]);
  });
  afterAll(() => platform.close());

  const documentCount = async (): Promise<number> => {
    const [{ count }] = await platform.app.get(DataSource).query('SELECT count(*)::int AS count FROM documents');
    return count;
  };
  const postDocument = (body: unknown, key = billing) =>
    platform.http.post('/v1/documents').set(auth(key)).set('Content-Type', 'application/json').send(JSON.stringify(body));

  /** The English invoice with one field changed, addressed by its path. */
  const invoiceWith = (path: Array<string | number>, value: unknown): Record<string, any> => {
    const body = invoiceDocument();
    body.externalRef = `HYGIENE-${Math.random().toString(36).slice(2)}`;
    const parent = path.slice(0, -1).reduce<any>((node, key) => node[key], body);
    parent[path[path.length - 1]] = value;
    return body;
  };

  describe('NUL and lone surrogates anywhere in a document', () => {
    const places: Array<[string, Array<string | number>, string]> = [
      ['recipient.name', ['recipient', 'name'], '/recipient/name'],
      ['recipient.customerId', ['recipient', 'customerId'], '/recipient/customerId'],
      ['externalRef', ['externalRef'], '/externalRef'],
      ['a line description', ['data', 'invoice', 'lines', 1, 'description'], '/data/invoice/lines/1/description'],
      ['data.account.number', ['data', 'account', 'number'], '/data/account/number'],
    ];
    it.each(places.flatMap(([name, path, pointer]) => [
      [name, 'NUL', path, 'Jordan\u0000Miller', pointer],
      [name, 'a lone surrogate', path, 'Jordan\ud800Miller', pointer],
      [name, 'a lone low surrogate', path, '\udc00', pointer],
    ]))('%s holding %s → 422 naming the field, nothing written', async (_name, _what, path, value, pointer) => {
      const before = await documentCount();
      const res = await postDocument(invoiceWith(path as Array<string | number>, value)).set('Idempotency-Key', `hygiene-${Math.random()}`);
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.errors).toEqual([expect.objectContaining({ pointer, message: expect.stringMatching(/U\+(0000|D800|DC00)/) })]);
      expect(await documentCount()).toBe(before);
    });

    it('names a bad object key deep in free-form data, escaped as RFC 6901 says', async () => {
      const body = invoiceWith(['data', 'extra'], { 'a/b~c': { 'note\u0000': 'x' } });
      const res = await postDocument(body).expect(422);
      expect(res.body.errors).toEqual([expect.objectContaining({ pointer: '/data/extra/a~1b~0c/note\u0000' })]);
    });

    it('refuses other control characters, an escape in a line description or a bell in a name', async () => {
      const escape = await postDocument(invoiceWith(['data', 'invoice', 'lines', 0, 'description'], 'Fiber \u001b[2J500')).expect(422);
      expect(escape.body.errors).toEqual([expect.objectContaining({ pointer: '/data/invoice/lines/0/description', message: expect.stringContaining('U+001B') })]);
      const bell = await postDocument(invoiceWith(['recipient', 'name'], 'Jordan\u0007')).expect(422);
      expect(bell.body.errors[0].pointer).toBe('/recipient/name');
    });
  });

  describe('every other route with a body, query or path', () => {
    it('templates, versions, previews, blocks and assets refuse a NUL with its pointer', async () => {
      const template = await platform.http.post('/v1/templates').set(auth(author))
        .send({ key: 'hygiene-a', kind: 'invoice', name: 'Bad\u0000name' }).expect(422);
      expect(template.body.errors).toEqual([expect.objectContaining({ pointer: '/name' })]);

      const current = await platform.http.get('/v1/templates/invoice/versions/1').set(auth(author)).expect(200);
      const content = { ...current.body, description: 'Monthly \ud83d bill' };
      const version = await platform.http.post('/v1/templates/invoice/versions').set(auth(author)).send(content).expect(422);
      expect(version.body.errors).toEqual([expect.objectContaining({ pointer: '/description' })]);

      const preview = await platform.http.post('/v1/previews').set(auth(author)).send({
        template: 'invoice', locale: 'en-US', recipient: invoiceDocument().recipient,
        data: { ...invoiceDocument().data, account: { number: 'ACC\u0000', plan: 'x' } },
      }).expect(422);
      expect(preview.body.errors).toEqual([expect.objectContaining({ pointer: '/data/account/number' })]);

      const block = await platform.http.post('/v1/blocks').set(auth(reviewer))
        .send({ name: 'hygiene-block', description: 'legal\u0000' }).expect(422);
      expect(block.body.errors).toEqual([expect.objectContaining({ pointer: '/description' })]);

      const asset = await platform.http.post('/v1/assets').set(auth(author))
        .send({ name: 'logo', contentType: 'image/png', data: 'iVBORw0KGgo=', 'x\u0000': 1 }).expect(422);
      expect(asset.body.errors).toEqual([expect.objectContaining({ pointer: '/x\u0000' })]);
    });

    it('a NUL in a path parameter or a query string is a 422, not a database error', async () => {
      const path = await platform.http.get('/v1/templates/in%00valid').set(auth(author)).expect(422);
      expect(path.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(path.body.errors).toEqual([expect.objectContaining({ pointer: '/path/key' })]);
      const query = await platform.http.get('/v1/templates/invoice/versions?status=%00').set(auth(author)).expect(422);
      expect(query.body.errors).toEqual([expect.objectContaining({ pointer: '/query/status' })]);
    });
  });

  describe('single-line fields and channel constraints', () => {
    it.each([
      ['CR/LF in recipient.name', ['recipient', 'name'], 'Jordan\r\nMiller', '/recipient/name'],
      ['a tab in recipient.customerId', ['recipient', 'customerId'], 'C-1\t0001', '/recipient/customerId'],
      ['a line feed in externalRef', ['externalRef'], 'INV-1\nINV-2', '/externalRef'],
      ['a line separator in recipient.name', ['recipient', 'name'], 'Jordan\u2028Miller', '/recipient/name'],
    ])('%s → 422 with the pointer, nothing written', async (_what, path, value, pointer) => {
      const before = await documentCount();
      const res = await postDocument(invoiceWith(path as Array<string | number>, value)).expect(422);
      expect(res.body.errors).toEqual([expect.objectContaining({ pointer, message: expect.stringContaining('single line') })]);
      expect(await documentCount()).toBe(before);
    });

    it('a value WhatsApp would refuse as a parameter is refused at intake only when WhatsApp is asked for', async () => {
      const before = await documentCount();
      const spaced = invoiceWith(['data', 'account', 'number'], 'ACC     100');
      const refused = await postDocument(spaced).expect(422);
      expect(refused.body.errors).toEqual([
        expect.objectContaining({ pointer: '/data/account/number', message: expect.stringMatching(/consecutive spaces.*WhatsApp.*account_number/) }),
      ]);
      const name = await postDocument(invoiceWith(['recipient', 'name'], 'Jordan      Miller')).expect(422);
      expect(name.body.errors).toEqual([expect.objectContaining({ pointer: '/recipient/name', message: expect.stringContaining('customer_name') })]);
      expect(await documentCount()).toBe(before);

      const accepted = await postDocument({ ...spaced, channels: ['email', 'pdf'] }).expect(201);
      expect(accepted.body.renditions).not.toHaveProperty('whatsapp');
    });
  });

  describe('bidirectional overrides in customer data', () => {
    it('reach no channel of an invoice: email, text part, PDF and WhatsApp read the characters in the order they were typed', async () => {
      const body = invoiceWith(['data', 'invoice', 'lines', 1, 'description'], SPOOF);
      body.recipient.name = `Jordan \u2067Miller ${SPOOF}`;
      const created = await postDocument(body).expect(201);
      const id = created.body.id;
      const get = (channel: string, part = '') =>
        platform.http.get(`/v1/documents/${id}/renditions/${channel}${part}`).set(auth(billing)).buffer(true)
          .parse(bytesBody);

      const html = (await get('email').expect(200)).body.toString('utf8');
      const text = (await get('email', '?part=text').expect(200)).body.toString('utf8');
      const sms = (await get('sms').expect(200)).body.toString('utf8');
      const whatsapp = (await get('whatsapp').expect(200)).body.toString('utf8');
      const pdf = await pdfText((await get('pdf').expect(200)).body);
      for (const [channel, output] of Object.entries({ html, text, sms, whatsapp, pdf })) {
        expect([channel, BIDI_CONTROL.exec(output)?.[0]]).toEqual([channel, undefined]);
      }
      expect(html).toContain('Refund 00.001$');
      expect(pdf).toContain('Refund 00.001$');
      expect(pdf).not.toContain('$100.00');
      const parameters = JSON.parse(whatsapp).template.components.flatMap((component: { parameters: unknown[] }) => component.parameters);
      expect(parameters).toContainEqual(
        expect.objectContaining({ parameter_name: 'customer_name', text: 'Jordan Miller Refund 00.001$' }),
      );
    }, 120_000);

    it('reach neither the SMS nor the WhatsApp message of a service update, which write its title', async () => {
      const sample = JSON.parse(readFileSync(path.join(REPO_ROOT, 'templates/service-update/samples/en-us.json'), 'utf8'));
      sample.data.update.title = SPOOF;
      const body = { type: 'service-update', ...sample, externalRef: 'SU-BIDI-1', channels: ['sms', 'whatsapp'] };
      const created = await postDocument(body).expect(201);
      const sms = await platform.http.get(`/v1/documents/${created.body.id}/renditions/sms`).set(auth(billing)).expect(200);
      const whatsapp = await platform.http.get(`/v1/documents/${created.body.id}/renditions/whatsapp`).set(auth(billing)).expect(200);
      expect(sms.body.text).toContain('Refund 00.001$');
      expect(BIDI_CONTROL.test(sms.body.text)).toBe(false);
      expect(JSON.stringify(whatsapp.body)).toContain('Refund 00.001$');
      expect(BIDI_CONTROL.test(JSON.stringify(whatsapp.body))).toBe(false);
    }, 60_000);

    it('are neutralised again when a stored document still holds them', async () => {
      const body = invoiceWith(['data', 'invoice', 'lines', 1, 'description'], 'Static IP');
      body.channels = ['email', 'whatsapp'];
      const created = await postDocument(body).expect(201);
      const id = created.body.id;
      await platform.http.get(`/v1/documents/${id}/renditions/email`).set(auth(billing)).expect(200);
      // As an earlier release, which stored customer data as it came, would have left it.
      const db = platform.app.get(DataSource);
      await db.query(
        `UPDATE documents SET data = jsonb_set(data, '{invoice,lines,1,description}', to_jsonb($2::text)),
           recipient = jsonb_set(recipient, '{name}', to_jsonb($3::text)) WHERE id = $1`,
        [id, SPOOF, `Jordan ${SPOOF}`],
      );
      await db.query(`UPDATE renditions SET status = 'pending' WHERE document_id = $1`, [id]);
      await platform.app.get(RenderDocumentUseCase).execute(id);

      const html = await platform.http.get(`/v1/documents/${id}/renditions/email`).set(auth(billing)).expect(200);
      const whatsapp = await platform.http.get(`/v1/documents/${id}/renditions/whatsapp`).set(auth(billing)).expect(200);
      expect(html.text).toContain('Refund 00.001$');
      expect(BIDI_CONTROL.test(html.text)).toBe(false);
      expect(JSON.stringify(whatsapp.body)).toContain('Jordan Refund 00.001$');
      expect(BIDI_CONTROL.test(JSON.stringify(whatsapp.body))).toBe(false);
      const mime = await platform.http.get(`/v1/documents/${id}/renditions/email?part=mime`).set(auth(billing)).buffer(true)
        .parse(textBody).expect(200);
      const to = decodeEncodedWords(/^To: (.*(?:\r\n[ \t].*)*)/m.exec(mime.body as string)![1]);
      expect(to).toContain('Jordan Refund 00.001$');
      expect(BIDI_CONTROL.test(to)).toBe(false);
    }, 60_000);

    it('are taken out of a preview too, so it shows what a document would', async () => {
      const sample = invoiceDocument();
      const res = await platform.http.post('/v1/previews').set(auth(author)).send({
        template: 'invoice', locale: 'en-US', channels: ['sms', 'whatsapp'],
        recipient: { ...sample.recipient, name: `Jordan ${SPOOF}` }, data: sample.data,
      }).expect(200);
      expect(BIDI_CONTROL.test(JSON.stringify(res.body))).toBe(false);
      expect(JSON.stringify(res.body.channels.whatsapp)).toContain('Jordan Refund 00.001$');
    });
  });

  describe('409 idempotency_in_flight', () => {
    it('tells the twin of a request still in flight when to try again', async () => {
      const body = invoiceWith(['externalRef'], 'IDEM-RETRY-AFTER-1');
      const key = 'k-retry-after-1';
      // Another connection holds the documents table, so the first request stays in flight until it lets go.
      const blocker = new Client({ connectionString: platform.databaseUrl });
      await blocker.connect();
      try {
        await blocker.query('BEGIN');
        await blocker.query('LOCK TABLE documents IN ACCESS EXCLUSIVE MODE');
        const first = postDocument(body).set('Idempotency-Key', key).then((res) => res);
        await waitFor(async () => {
          const rows = await blocker.query("SELECT 1 FROM idempotency_keys WHERE key = $1 AND state = 'in_flight'", [key]);
          return rows.rowCount === 1;
        });
        const twin = await postDocument(body).set('Idempotency-Key', key);
        expect(twin.status).toBe(409);
        expect(twin.body.code).toBe('idempotency_in_flight');
        expect(twin.headers['retry-after']).toMatch(/^[1-9]\d*$/);
        expect(twin.body.retryAfterSeconds).toBe(Number(twin.headers['retry-after']));
        await blocker.query('ROLLBACK');
        expect((await first).status).toBe(201);
      } finally {
        await blocker.end();
      }
      const retried = await postDocument(body).set('Idempotency-Key', key).expect(201);
      expect(retried.headers['idempotent-replayed']).toBe('true');
    }, 60_000);
  });
});

/** A header value with its RFC 2047 encoded words decoded and its folding undone. */
function decodeEncodedWords(header: string): string {
  return header
    .replace(/\r\n[ \t]+/g, ' ')
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, encoding: string, text: string) =>
      encoding.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_h, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'),
    );
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
