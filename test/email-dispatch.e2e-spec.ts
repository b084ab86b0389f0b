import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { fixture } from './support/fixtures';
import { startTestPlatform, TestPlatform } from './support/test-platform';
import { textBody } from './support/http-body';

interface Received {
  readonly from: string;
  readonly to: string[];
  readonly raw: string;
}

/** A real SMTP server on 127.0.0.1; recipients named `soft-once…` get one 451, `hard…` always 550. */
class FakeMailServer {
  readonly received: Received[] = [];
  private readonly refusedOnce = new Set<string>();
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo: (address, _session, callback) => {
      const to = address.address;
      if (to.startsWith('hard')) return callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
      if (to.startsWith('soft-once') && !this.refusedOnce.has(to)) {
        this.refusedOnce.add(to);
        return callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
      }
      callback();
    },
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        this.received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
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

async function settledDelivery(platform: TestPlatform, auth: Record<string, string>, id: string, timeoutMs = 60_000): Promise<any> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const document = await platform.http.get(`/v1/documents/${id}`).set(auth).expect(200);
    const delivery = document.body.deliveries?.[0];
    if (delivery && (delivery.status === 'sent' || delivery.status === 'failed')) return delivery;
    if (Date.now() > until) throw new Error(`delivery of ${id} not settled: ${JSON.stringify(document.body.deliveries)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function attemptsOf(platform: TestPlatform, deliveryId: string): Promise<Array<{ attempt: number; outcome: string }>> {
  const { Client } = await import('pg');
  const db = new Client({ connectionString: platform.databaseUrl });
  await db.connect();
  try {
    return (await db.query('SELECT attempt, outcome FROM delivery_attempts WHERE delivery_id = $1 ORDER BY attempt', [deliveryId])).rows;
  } finally {
    await db.end();
  }
}

describe('dispatch by email over SMTP (e2e)', () => {
  const smtp = new FakeMailServer();
  let platform: TestPlatform;
  let billing: string;
  const auth = () => ({ Authorization: `Bearer ${billing}` });

  beforeAll(async () => {
    const port = await smtp.listen();
    platform = await startTestPlatform({
      CCM_EMAIL_TRANSPORT: 'smtp',
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      CCM_EMAIL_FROM: 'billing@northwind.example',
    });
    billing = await platform.keyFor('billing');
  });
  afterAll(async () => {
    await platform?.close();
    await smtp.close();
  });

  const post = async (externalRef: string, email: string) => {
    const body = fixture('invoice-en-us.json');
    body.externalRef = externalRef;
    body.recipient.email = email;
    body.dispatch = true;
    return (await platform.http.post('/v1/documents').set(auth()).send(body).expect(201)).body.id as string;
  };

  it('sends the invoice as one multipart message with its PDF, to the recipient, and records it sent', async () => {
    const id = await post('DISPATCH-1', 'jordan.miller@example.com');
    const delivery = await settledDelivery(platform, auth(), id);
    expect(delivery).toMatchObject({ channel: 'email', status: 'sent', provider: 'smtp', attempts: 1, messageId: `<${id}.email@billing.example.test>` });
    expect(delivery.providerMessageId).toMatch(/^250/);

    const mail = smtp.received.find((m) => m.to.includes('jordan.miller@example.com'));
    expect(mail).toBeDefined();
    expect(mail!.from).toBe('billing@northwind.example');
    // What a mail client would make of it.
    const parsed = await simpleParser(mail!.raw);
    expect(parsed.messageId).toBe(`<${id}.email@billing.example.test>`);
    expect(parsed.to).toMatchObject({ value: [{ name: 'Jordan Miller', address: 'jordan.miller@example.com' }] });
    expect(parsed.subject).toContain('INV-2026-000122');
    expect(parsed.html).toContain('Jordan Miller');
    expect(parsed.text).toContain('Jordan Miller');
    const pdf = parsed.attachments.find((attachment) => attachment.contentType === 'application/pdf');
    expect(pdf).toMatchObject({ filename: 'DISPATCH-1.pdf' });
    expect(pdf!.content.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The bytes the platform serves as the message; SMTP puts every line end on the wire as CRLF.
    const served = await platform.http.get(`/v1/documents/${id}/renditions/email?part=mime`).set(auth()).buffer(true).parse(textBody).expect(200);
    const crlf = (message: string) => message.replace(/\r?\n/g, '\r\n').replace(/\r\n$/, '');
    expect(crlf(mail!.raw)).toBe(crlf(served.body as string));
  });

  it('retries a 451 through the job queue and records both attempts', async () => {
    const id = await post('DISPATCH-2', 'soft-once@example.com');
    const delivery = await settledDelivery(platform, auth(), id);
    expect(delivery).toMatchObject({ status: 'sent', attempts: 2 });
    expect(await attemptsOf(platform, delivery.id)).toEqual([
      { attempt: 1, outcome: 'retry' },
      { attempt: 2, outcome: 'sent' },
    ]);
    expect(smtp.received.filter((m) => m.to.includes('soft-once@example.com'))).toHaveLength(1);
  });

  it('fails a delivery refused with 550 at once', async () => {
    const id = await post('DISPATCH-3', 'hard@example.com');
    const delivery = await settledDelivery(platform, auth(), id);
    expect(delivery).toMatchObject({ status: 'failed', attempts: 1 });
    expect(delivery.lastError).toMatch(/550/);
    expect(await attemptsOf(platform, delivery.id)).toEqual([{ attempt: 1, outcome: 'failed' }]);
  });

  it('keeps the history of attempts append-only for the runtime', async () => {
    const { Client } = await import('pg');
    const db = new Client({ connectionString: platform.runtimeDatabaseUrl });
    await db.connect();
    try {
      await expect(db.query(`UPDATE delivery_attempts SET outcome = 'sent'`)).rejects.toThrow(/permission denied|append-only/);
      await expect(db.query('DELETE FROM delivery_attempts')).rejects.toThrow(/permission denied|append-only/);
    } finally {
      await db.end();
    }
  });
});

describe('dispatch into the embedded outbox (e2e)', () => {
  let platform: TestPlatform;
  let billing: string;
  const auth = () => ({ Authorization: `Bearer ${billing}` });

  beforeAll(async () => {
    platform = await startTestPlatform();
    billing = await platform.keyFor('billing');
  });
  afterAll(() => platform?.close());

  it('keeps the message a customer would have received, listed and byte for byte', async () => {
    const body = fixture('invoice-en-us.json');
    body.dispatch = true;
    const id = (await platform.http.post('/v1/documents').set(auth()).send(body).expect(201)).body.id as string;
    const delivery = await settledDelivery(platform, auth(), id);
    expect(delivery).toMatchObject({ status: 'sent', provider: 'outbox', attempts: 1 });

    const list = await platform.http.get('/v1/outbox').set(auth()).expect(200);
    const kept = list.body.find((m: { messageId: string }) => m.messageId === delivery.messageId);
    expect(kept).toMatchObject({ id: delivery.providerMessageId, to: ['jordan.miller@example.com'] });

    const raw = await platform.http.get(`/v1/outbox/${kept.id}`).set(auth()).buffer(true).parse(textBody).expect(200);
    expect(raw.headers['content-type']).toMatch(/^message\/rfc822/);
    const served = await platform.http.get(`/v1/documents/${id}/renditions/email?part=mime`).set(auth()).buffer(true).parse(textBody).expect(200);
    expect(raw.body).toBe(served.body);
  });
});

