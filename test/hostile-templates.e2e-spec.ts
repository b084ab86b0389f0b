import { performance } from 'node:perf_hooks';
import { fixture } from './support/fixtures';
import { startTestPlatform, TestPlatform } from './support/test-platform';

type Content = Record<string, any>;

/** The author sandbox's budget here: short, so the overrun is quick to see, yet ample for a cold thread's first invoice on a busy machine. */
const BUDGET_MS = 4_000;

/**
 * An author controls template sources and data contracts; none of it may stall
 * the API for anyone else. Each hostile request must be answered, with `/health`
 * asked while it is in progress and answering too. What a regression would do is
 * hold the event loop for good — a backtracking engine takes 2^40 steps on
 * EVIL_NUMBER, unbounded nesting never ends — so the test's own timeout catches it;
 * how long anything took is left to the machine, which may be busy.
 */
describe('hostile templates (e2e)', () => {
  let platform: TestPlatform;
  let author: string;
  let reviewer: string;
  let billing: string;
  let published: Content;
  const auth = (key: string) => ({ Authorization: `Bearer ${key}` });
  const preview = (body: Record<string, unknown>) => platform.http.post('/v1/previews').set(auth(author)).send(body);

  /** When `/health` answered, asked `lead` ms after the hostile request went out. */
  const healthAnswered = async (lead: number): Promise<number> => {
    await new Promise((resolve) => setTimeout(resolve, lead));
    await platform.http.get('/health').expect(200);
    return performance.now();
  };

  /** The response to `hostile`, and whether `/health` answered before it did. */
  const whileServing = async (hostile: () => PromiseLike<{ status: number; body: any }>, lead = 50) => {
    const response = Promise.resolve(hostile()).then((res) => ({ res, at: performance.now() }));
    const [health, { res, at }] = await Promise.all([healthAnswered(lead), response]);
    return { res, healthFirst: health < at };
  };

  /** The invoice with its number held to `pattern`. */
  const withNumberPattern = (pattern: string): Content => {
    const content = structuredClone(published);
    content.dataContract.$defs.invoice.properties.number = { type: 'string', pattern };
    return content;
  };
  const NUMBER_PATTERN_POINTER = '/dataContract/$defs/invoice/properties/number/pattern';
  /** Doubles the work of a backtracking engine with every 'a': 2^40 steps. */
  const EVIL_NUMBER = `${'a'.repeat(40)}!`;

  const withSms = (text: string): Content => {
    const content = structuredClone(published);
    content.channels.sms.text = text;
    return content;
  };

  beforeAll(async () => {
    platform = await startTestPlatform({ CCM_AUTHOR_BUDGET_MS: String(BUDGET_MS) });
    [author, reviewer, billing] = await Promise.all([platform.keyFor('author'), platform.keyFor('reviewer'), platform.keyFor('billing')]);
    published = (await platform.http.get('/v1/templates/invoice/versions/1').set(auth(author)).expect(200)).body;
    // Author threads start on first use; the hostile previews below should meet running ones.
    await preview({ content: published, sample: 'en-us', channels: ['email', 'sms', 'whatsapp'] }).expect(200);
  });
  afterAll(async () => {
    await platform?.close();
  });

  it('refuses 5,000 nested {{#if}} in an SMS text with 422 at its field, stating the limit', async () => {
    const text = `${'{{#if invoice.number}}'.repeat(5_000)}x${'{{/if}}'.repeat(5_000)}`;
    const { res } = await whileServing(() => preview({ content: withSms(text), sample: 'en-us', channels: ['sms'] }));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('limit_exceeded');
    expect(res.body.errors).toEqual([{ pointer: '/content/channels/sms/text', message: expect.stringMatching(/blocks nested more than 40 deep at line 1/) }]);
  });

  it('refuses 10,000 nested subexpressions with 422 at their field', async () => {
    const text = `{{eq ${'(eq '.repeat(10_000)}invoice.number${' 1)'.repeat(10_000)} 1}}`;
    const { res } = await whileServing(() => preview({ content: withSms(text), sample: 'en-us', channels: ['sms'] }));
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ pointer: '/content/channels/sms/text', message: expect.stringMatching(/subexpressions nested 10000 deep; at most 16/) }]);
  });

  it('ends a preview that computes past its budget with 422 naming the channel, and the next preview still renders', async () => {
    // Within every limit, yet 20 nested loops over the invoice's lines never finish.
    const loops = 20;
    const text = `${'{{#each @root.invoice.lines}}'.repeat(loops)}x${'{{/each}}'.repeat(loops)}`;
    const { res, healthFirst } = await whileServing(() => preview({ content: withSms(text), sample: 'en-us', channels: ['email', 'sms'] }), 300);
    // The preview computes for the whole budget; the API answers others all the while.
    expect(healthFirst).toBe(true);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('limit_exceeded');
    expect(res.body.errors).toEqual([{ pointer: '/content/channels/sms', message: expect.stringMatching(new RegExp(`^rendering did not finish within ${BUDGET_MS} ms`)) }]);
    const next = await preview({ content: withSms('Invoice {{invoice.number}}'), sample: 'en-us', channels: ['sms'] }).expect(200);
    expect(next.body.channels.sms.text).toBe(`Invoice ${published.samples['en-us'].data.invoice.number}`);
  });

  it('names the stored template when a saved draft overruns the budget', async () => {
    const loops = 20;
    const text = `${'{{#each @root.invoice.lines}}'.repeat(loops)}x${'{{/each}}'.repeat(loops)}`;
    const draft = (await platform.http.post('/v1/templates/invoice/versions?from=1').set(auth(author)).send(withSms(text)).expect(201)).body.number;
    const res = await preview({ template: 'invoice', version: draft, sample: 'en-us', channels: ['sms'] }).expect(422);
    expect(res.body.errors).toEqual([{ pointer: '/template', message: expect.stringMatching(/^channels\/sms: rendering did not finish/) }]);
  });

  it('matches a catastrophic contract pattern in linear time in a preview: 422 at the field', async () => {
    const { locale, recipient, data } = fixture('invoice-en-us.json');
    data.invoice.number = EVIL_NUMBER;
    const { res } = await whileServing(() => preview({ content: withNumberPattern('^(a+)+$'), locale, recipient, data, channels: ['sms'] }), 10);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ pointer: '/data/invoice/number', message: 'must match pattern "^(a+)+$"' }]);
  });

  it('matches a catastrophic pattern of a published contract in linear time at intake', async () => {
    const versions = '/v1/templates/invoice/versions';
    const draft = (await platform.http.post(`${versions}?from=1`).set(auth(author)).send(withNumberPattern('^(a+)+$')).expect(201)).body.number;
    await platform.http.post(`${versions}/${draft}/submit`).set(auth(author)).expect(200);
    await platform.http.post(`${versions}/${draft}/approve`).set(auth(reviewer)).send({}).expect(200);
    await platform.http.post(`${versions}/${draft}/publish`).set(auth(reviewer)).send({}).expect(200);
    try {
      const document = fixture('invoice-en-us.json');
      document.data.invoice.number = EVIL_NUMBER;
      const { res } = await whileServing(() => platform.http.post('/v1/documents').set(auth(billing)).send(document), 10);
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([{ pointer: '/data/invoice/number', message: 'must match pattern "^(a+)+$"' }]);
      } finally {
      await platform.http.post(`${versions}/1/publish`).set(auth(reviewer)).send({}).expect(200);
    }
  });

  it('refuses a pattern that needs backtracking where content is saved or previewed, pointing at the pattern', async () => {
    const content = withNumberPattern('^(a)\\1$');
    const saved = await platform.http.post('/v1/templates/invoice/versions?from=1').set(auth(author)).send(content).expect(422);
    expect(saved.body.errors).toEqual([{ pointer: NUMBER_PATTERN_POINTER, message: expect.stringMatching(/^pattern "\^\(a\)\\\\1\$" cannot run in linear time .*backreferences/) }]);
    const previewed = await preview({ content, sample: 'en-us', channels: ['sms'] }).expect(422);
    expect(previewed.body.errors).toEqual([{ pointer: `/content${NUMBER_PATTERN_POINTER}`, message: saved.body.errors[0].message }]);
  });

  it('refuses to submit an email with a script or a remote image, pointing at the lines', async () => {
    const content = structuredClone(published);
    content.channels.email.mjml = content.channels.email.mjml.replace('<mj-body', '<mj-raw><script>track()</script></mj-raw>\n<mj-body').replace('</mj-body>', '<mj-section><mj-column><mj-image src="https://tracker.example/p.gif" /></mj-column></mj-section></mj-body>');
    const versions = '/v1/templates/invoice/versions';
    const draft = (await platform.http.post(`${versions}?from=1`).set(auth(author)).send(content).expect(201)).body.number;
    const res = await platform.http.post(`${versions}/${draft}/submit`).set(auth(author)).expect(422);
    expect(res.body.code).toBe('compliance_failed');
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { pointer: '/channels/email/mjml', message: expect.stringMatching(/^<script> is not allowed.*\(line \d+, column \d+\)$/) },
        { pointer: '/channels/email/mjml', message: expect.stringMatching(/^src= loads a remote resource.*\(line \d+, column \d+\)$/) },
      ]),
    );
  });

  it('refuses to save a draft nested beyond the limit', async () => {
    const text = `${'{{#if invoice.number}}'.repeat(41)}x${'{{/if}}'.repeat(41)}`;
    const res = await platform.http.post('/v1/templates/invoice/versions?from=1').set(auth(author)).send(withSms(text)).expect(422);
    expect(res.body.errors).toEqual([{ pointer: '/channels/sms/text', message: expect.stringMatching(/blocks nested more than 40 deep/) }]);
  });
});
