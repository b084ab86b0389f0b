import { startTestPlatform, TestPlatform } from './support/test-platform';

/**
 * A diff renders both versions in every channel, PDFs and screenshots included, in the same
 * Chromium the rest of the suite is busy with: on a loaded machine that takes a while.
 */
const PDF_TEST_TIMEOUT_MS = 180_000;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the IHDR chunk, which a PNG always starts with. */
function pngSize(base64: string): { width: number; height: number } {
  const bytes = Buffer.from(base64, 'base64');
  expect(bytes.subarray(0, 8)).toEqual(PNG_SIGNATURE);
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('version diff for reviewers (e2e)', () => {
  let platform: TestPlatform;
  let author: string;
  let reviewer: string;
  let billing: string;
  let edited: number;
  const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

  beforeAll(async () => {
    platform = await startTestPlatform();
    [author, reviewer, billing] = await Promise.all([platform.keyFor('author'), platform.keyFor('reviewer'), platform.keyFor('billing')]);
    const content = (await platform.http.get('/v1/templates/invoice/versions/1').set(auth(author)).expect(200)).body;
    content.channels.email.subject = `Reminder: ${content.channels.email.subject}`;
    edited = (await platform.http.post('/v1/templates/invoice/versions?from=1').set(auth(author)).send(content).expect(201)).body.number;
  });
  afterAll(() => platform.close());

  it('shows the changed subject in the source diff and in the rendered text, with both renders as PNGs', async () => {
    const res = await platform.http.get(`/v1/templates/invoice/versions/1/diff/${edited}?sample=en-us`).set(auth(reviewer)).expect(200);
    const diff = res.body;
    expect(diff).toMatchObject({ key: 'invoice', a: { number: 1, status: 'published' }, b: { number: edited, status: 'draft' }, sample: { name: 'en-us', locale: 'en-US' } });

    expect(diff.sources).toEqual([
      expect.objectContaining({ pointer: '/channels/email/subject', channel: 'email', change: 'changed', diff: expect.stringContaining('\n-{{t "invoice.subject"') }),
    ]);
    expect(diff.sources[0].diff).toContain('\n+Reminder: {{t "invoice.subject"');

    const byChannel = Object.fromEntries(diff.rendered.map((entry: { channel: string }) => [entry.channel, entry]));
    expect(Object.keys(byChannel).sort()).toEqual(['email', 'pdf', 'sms', 'whatsapp']);
    const email = byChannel.email;
    expect(email.a.text).toContain('Subject: Your Northwind Fiber bill');
    expect(email.textDiff).toContain('\n-Subject: Your Northwind Fiber bill');
    expect(email.textDiff).toContain('\n+Subject: Reminder: Your Northwind Fiber bill');
    // Only the subject changed: the text part, the SMS, WhatsApp and the PDF read the same.
    expect(email.textDiff.split('\n').filter((line: string) => /^[-+][^-+]/.test(line))).toHaveLength(2);
    for (const channel of ['sms', 'whatsapp', 'pdf']) {
      expect({ channel, diff: byChannel[channel].textDiff, a: byChannel[channel].a.text?.length > 0 }).toEqual({ channel, diff: '', a: true });
    }
    expect(byChannel.pdf.a.text).toContain('Northwind Fiber Ltd.');
    expect(byChannel.whatsapp.a.text).toContain('Jordan Miller');

    for (const channel of ['email', 'pdf']) {
      const sizes = [pngSize(byChannel[channel].a.png), pngSize(byChannel[channel].b.png)];
      expect(sizes[0]).toEqual(sizes[1]);
      expect(sizes[0].width).toBeGreaterThan(300);
      expect(sizes[0].height).toBeGreaterThan(300);
    }
  }, PDF_TEST_TIMEOUT_MS);

  it('renders with the first sample by default, lets authors read it, and refuses others', async () => {
    const res = await platform.http.get(`/v1/templates/invoice/versions/${edited}/diff/1`).set(auth(author)).expect(200);
    expect(res.body.sample).toEqual({ name: 'ar-kw', locale: 'ar-KW' });
    expect(res.body.rendered.find((entry: { channel: string }) => entry.channel === 'email').textDiff).toMatch(/\n-Subject: Reminder: /);
    const unknown = await platform.http.get(`/v1/templates/invoice/versions/1/diff/${edited}?sample=nope`).set(auth(author)).expect(422);
    expect(unknown.body.errors).toEqual([{ pointer: '/query/sample', message: expect.any(String) }]);
    await platform.http.get(`/v1/templates/invoice/versions/1/diff/${edited}`).set(auth(billing)).expect(403);
    await platform.http.get('/v1/templates/invoice/versions/1/diff/99').set(auth(author)).expect(404);
  }, PDF_TEST_TIMEOUT_MS);
});
