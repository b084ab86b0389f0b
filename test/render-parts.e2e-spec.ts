import { fixture } from './support/fixtures';
import { startTestPlatform, TestPlatform } from './support/test-platform';

type Auth = Record<string, string>;

/**
 * The PDF renders on its own queue: here Chromium cannot start at all, so every
 * PDF stays pending (its job retried), and what must not wait for it does not.
 */
describe('a document whose PDF cannot render yet (e2e)', () => {
  let platform: TestPlatform;
  let auth: Auth;

  beforeAll(async () => {
    platform = await startTestPlatform({ CHROMIUM_PATH: '/nonexistent/chromium' });
    auth = { Authorization: `Bearer ${await platform.keyFor('billing')}` };
  });
  afterAll(() => platform?.close());

  const post = async (externalRef: string, channels: string[]) => {
    const body = fixture('invoice-en-us.json');
    body.externalRef = externalRef;
    body.channels = channels;
    body.dispatch = true;
    body.recipient = { ...body.recipient, phone: '+12125550142' };
    return (await platform.http.post('/v1/documents').set(auth).send(body).expect(201)).body.id as string;
  };

  const documentWhen = async (id: string, done: (document: any) => boolean, what: string) => {
    const until = Date.now() + 90_000;
    for (;;) {
      const document = (await platform.http.get(`/v1/documents/${id}`).set(auth).expect(200)).body;
      if (done(document)) return document;
      if (Date.now() > until) throw new Error(`${id} never ${what}: ${JSON.stringify(document)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  const statusOf = (document: any, channel: string) => document.renditions[channel]?.status;

  it('renders the messages and sends a first SMS, but holds an email that attaches the PDF and keeps the document unrendered', async () => {
    const emailFirst = await post('PARTS-EMAIL-FIRST', ['email', 'pdf', 'sms']);
    const smsFirst = await post('PARTS-SMS-FIRST', ['sms', 'email', 'pdf']);
    const noPdf = await post('PARTS-NO-PDF', ['email', 'sms']);

    const sent = await documentWhen(smsFirst, (d) => d.deliveries?.some((delivery: any) => delivery.status === 'sent'), 'sent its SMS');
    expect(sent.deliveries.map((delivery: any) => [delivery.channel, delivery.status])).toEqual([['sms', 'sent']]);
    expect(sent.status).toBe('accepted');
    expect(statusOf(sent, 'pdf')).toBe('pending');

    // Its messages rendered before the SMS-first document's (posted first, same queue), yet nothing went out:
    // its first delivery is an email, and the email carries the PDF.
    const held = await documentWhen(emailFirst, (d) => statusOf(d, 'email') === 'ready' && statusOf(d, 'sms') === 'ready', 'rendered its messages');
    expect(held.status).toBe('accepted');
    expect(statusOf(held, 'pdf')).toBe('pending');
    expect(held.deliveries ?? []).toEqual([]);

    const plain = await documentWhen(noPdf, (d) => d.deliveries?.some((delivery: any) => delivery.status === 'sent'), 'sent its email');
    expect(plain.status).toBe('rendered');
    expect(plain.deliveries.map((delivery: any) => delivery.channel)).toEqual(['email']);
  });
});
