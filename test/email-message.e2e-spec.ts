import { fixture } from './support/fixtures';
import { startTestPlatform, TestPlatform } from './support/test-platform';
import { textBody } from './support/http-body';

describe('email as sent over SMTP (e2e)', () => {
  let platform: TestPlatform;
  let billing: string;
  const auth = () => ({ Authorization: `Bearer ${billing}` });

  beforeAll(async () => {
    platform = await startTestPlatform({ CCM_EMAIL_FROM: 'Northwind Fiber <billing@northwind.example>' });
    billing = await platform.keyFor('billing');
  });
  afterAll(() => platform.close());

  const mime = async (id: string) =>
    (await platform.http.get(`/v1/documents/${id}/renditions/email?part=mime`).set(auth()).buffer(true).parse(textBody).expect(200));

  it('attaches the invoice PDF when the document asks for email and PDF, the same bytes every time', async () => {
    const created = await platform.http.post('/v1/documents').set(auth()).send(fixture('invoice-en-us.json')).expect(201);
    const first = await mime(created.body.id);
    expect(first.headers['content-type']).toMatch(/^message\/rfc822/);
    const message = unfold(first.body as string);
    expect(message).toMatch(/^Content-Type: multipart\/mixed;/m);
    expect(message).toMatch(/^Content-Type: multipart\/alternative;/m);
    expect(message).toMatch(/^Content-Type: text\/plain; charset=utf-8/m);
    expect(message).toMatch(/^Content-Type: text\/html; charset=utf-8/m);
    expect(message).toMatch(/^Content-Type: application\/pdf; name=INV-2026-000122\.pdf/m);
    expect(message).toContain(`Message-ID: <${created.body.id}.email@billing.example.test>`);
    expect(message).toMatch(/^From: Northwind Fiber <billing@northwind\.example>/m);
    expect(message).toMatch(/^To: Jordan Miller <jordan\.miller@example\.com>/m);
    const again = await mime(created.body.id);
    expect(again.body).toBe(first.body);
    expect(again.headers.etag).toBe(first.headers.etag);
  });

  it('carries the logo as an inline cid: part, while the HTML rendition keeps its data: URI', async () => {
    const body = { ...fixture('invoice-en-us.json'), externalRef: 'CID-1' };
    const created = await platform.http.post('/v1/documents').set(auth()).send(body).expect(201);
    const message = unfold((await mime(created.body.id)).body as string);
    expect(message).toMatch(/^Content-Type: multipart\/mixed;/m);
    expect(message).toMatch(/^Content-Type: multipart\/related; type="text\/html";/m);
    expect(message).toMatch(/^Content-Type: image\/png; name=image-[0-9a-f]{12}\.png\r$/m);
    expect(message).toMatch(/^Content-Disposition: inline; filename=image-[0-9a-f]{12}\.png\r$/m);
    const contentId = /^Content-ID: <([0-9a-f]{32}@ccm\.inline)>\r$/m.exec(message)?.[1];
    expect(contentId).toBeDefined();
    const html = htmlPart(message);
    expect(html).toContain(`src="cid:${contentId}"`);
    expect(html).not.toContain('data:image/');

    const rendition = await platform.http.get(`/v1/documents/${created.body.id}/renditions/email`).set(auth()).expect(200);
    expect(rendition.text).toContain('src="data:image/png;base64,');
    expect(rendition.text).not.toContain('cid:');
  });

  it('sends email-only documents without attachments', async () => {
    const body = { ...fixture('service-update-en-us.json'), channels: ['email'] };
    const created = await platform.http.post('/v1/documents').set(auth()).send(body).expect(201);
    const message = (await mime(created.body.id)).body as string;
    expect(message).toMatch(/^Content-Type: multipart\/alternative;/m);
    expect(message).not.toMatch(/multipart\/mixed|application\/pdf/);
  });

  it('cannot be given extra headers through customer data', async () => {
    const body = fixture('service-update-en-us.json');
    body.externalRef = 'CRLF-1';
    body.channels = ['email'];
    body.recipient.name = 'Mallory\r\nBcc: victim@example.com\r\nX-Injected: yes';
    // Refused at intake; the message builder folds such a name into its header all the same (mime-header-injection.spec).
    const refused = await platform.http.post('/v1/documents').set(auth()).send(body).expect(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ pointer: '/recipient/name' })]);
    body.recipient.name = 'Mallory Bcc: victim@example.com X-Injected: yes';
    const created = await platform.http.post('/v1/documents').set(auth()).send(body).expect(201);
    const message = unfold((await mime(created.body.id)).body as string);
    const headers = message.split('\r\n\r\n')[0];
    expect(headers).not.toMatch(/^Bcc:/im);
    expect(headers).not.toMatch(/^X-Injected:/im);
  });
});

/** Joins folded header lines (RFC 5322 §2.2.3), which the composer uses for long values. */
function unfold(message: string): string {
  return message.replace(/\r\n[ \t]+/g, ' ');
}

/** The text/html part of a message, its quoted-printable undone. */
function htmlPart(message: string): string {
  const part = /^Content-Type: text\/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n([\s\S]*?)\r\n--/m.exec(message);
  expect(part).not.toBeNull();
  const bytes = Buffer.from(part![1].replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
  return bytes.toString('utf8');
}

