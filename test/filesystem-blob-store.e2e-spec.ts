import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { startTestPlatform, TestPlatform } from './support/test-platform';
import { bytesBody } from './support/http-body';

const CHANNELS = ['email', 'pdf', 'sms', 'whatsapp'] as const;
/** A one-line invoice written here, so the test needs nothing outside the repository. */
const invoice = (externalRef: string, channels: readonly string[]) => ({
  type: 'invoice',
  locale: 'en-US',
  externalRef,
  recipient: { customerId: 'C-10001', name: 'Jordan Miller', email: 'jordan.miller@example.com', phone: '+12125550143' },
  data: {
    account: { number: 'ACC-100-001', plan: 'Fiber 500', segment: 'residential' },
    invoice: {
      number: externalRef,
      issueDate: '2026-11-01',
      dueDate: '2026-11-15',
      period: { from: '2026-11-01', to: '2026-11-30' },
      currency: 'USD',
      lines: [{ description: 'Fiber 500 — November 2026', quantity: '1', unitPrice: '59.99', amount: '59.99' }],
      subtotal: '59.99',
      taxRate: '0.08875',
      tax: '5.32',
      total: '65.31',
      amountDue: '65.31',
    },
  },
  channels,
});
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Raw bytes of any response, whatever its content type. */
const bytesOf = (pending: request.Test) =>
  pending.buffer(true).parse(bytesBody);

describe('rendition bytes as files (CCM_BLOB_STORE=filesystem, e2e)', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ccm-fs-blobs-'));
  let platform: TestPlatform;
  let billing: string;
  const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

  beforeAll(async () => {
    // A generous wait: PDFs print on a machine shared with other work.
    platform = await startTestPlatform({ CCM_BLOB_STORE: 'filesystem', CCM_DATA_DIR: dataDir, CCM_RENDITION_WAIT_MS: '110000' });
    billing = await platform.keyFor('billing');
  });
  afterAll(() => platform.close());

  it('renders every channel into files under the data folder, serves exactly those bytes, and records their hashes in the ledger', async () => {
    const created = await platform.http
      .post('/v1/documents')
      .set(auth(billing))
      .send(invoice('FS-BLOBS-1', CHANNELS))
      .expect(201);
    const id: string = created.body.id;

    const served: Record<string, Buffer> = {};
    for (const channel of CHANNELS) {
      const response = await bytesOf(platform.http.get(`/v1/documents/${id}/renditions/${channel}`).set(auth(billing))).expect(200);
      served[channel] = response.body as Buffer;
      expect(response.headers.etag).toBe(`"${sha256(served[channel])}"`);
    }
    expect(served.pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(served.email.toString('utf8')).toContain('Jordan Miller');
    const text = await platform.http.get(`/v1/documents/${id}/renditions/email?part=text`).set(auth(billing)).expect(200);
    expect(text.text).toContain('Jordan Miller');
    const mime = await bytesOf(platform.http.get(`/v1/documents/${id}/renditions/email?part=mime`).set(auth(billing))).expect(200);
    expect((mime.body as Buffer).toString('latin1')).toContain('application/pdf');

    const folder = path.join(dataDir, 'blobs', 'renditions', id);
    expect(readdirSync(folder).sort()).toEqual([...CHANNELS].sort());
    for (const channel of CHANNELS) expect(readFileSync(path.join(folder, channel)).equals(served[channel])).toBe(true);

    const db = new Client({ connectionString: platform.databaseUrl });
    await db.connect();
    try {
      expect((await db.query('SELECT count(*)::int AS n FROM blobs')).rows[0].n).toBe(0);
    } finally {
      await db.end();
    }

    const ledger = await platform.http.get(`/v1/documents/${id}/ledger`).set(auth(billing)).expect(200);
    expect(ledger.body.verification).toEqual({ ok: true });
    expect(ledger.body.entries.map((entry: { event: string }) => entry.event)).toEqual(['accepted', 'rendered', 'rendered', 'rendered', 'rendered']);
    const rendered = Object.fromEntries(
      ledger.body.entries.slice(1).map((entry: { details: { channel: string; sha256: string } }) => [entry.details.channel, entry.details.sha256]),
    );
    expect(rendered).toEqual(Object.fromEntries(CHANNELS.map((channel) => [channel, sha256(served[channel])])));
  });

  it('refuses to serve a file changed behind its back instead of serving other bytes', async () => {
    const created = await platform.http
      .post('/v1/documents')
      .set(auth(billing))
      .send(invoice('FS-BLOBS-2', ['sms']))
      .expect(201);
    const id: string = created.body.id;
    await platform.http.get(`/v1/documents/${id}/renditions/sms`).set(auth(billing)).expect(200);
    writeFileSync(path.join(dataDir, 'blobs', 'renditions', id, 'sms'), '{"text":"Pay to another account"}');
    const refused = await platform.http.get(`/v1/documents/${id}/renditions/sms`).set(auth(billing)).expect(503);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.text).not.toContain('another account');
  });
});
