import { fixture } from './support/fixtures';
import { startTestPlatform, TestPlatform } from './support/test-platform';

type Content = Record<string, any>;

const OLD_SERVICE = 'It is sent regardless of your marketing preferences.';
const NEW_SERVICE = 'It is sent whatever your marketing preferences (2027 wording).';

describe('locked blocks (e2e)', () => {
  let platform: TestPlatform;
  let author: string;
  let reviewer: string;
  let otherReviewer: string;
  let billing: string;
  const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

  beforeAll(async () => {
    platform = await startTestPlatform();
    [author, reviewer, otherReviewer, billing] = await Promise.all([
      platform.keyFor('author'),
      platform.keyFor('reviewer'),
      platform.keyFor('reviewer'),
      platform.keyFor('billing'),
    ]);
  });
  afterAll(() => platform.close());

  const templateContent = async (key: string, n: number): Promise<Content> =>
    (await platform.http.get(`/v1/templates/${key}/versions/${n}`).set(auth(author)).expect(200)).body;
  const blockContent = async (name: string, n: number): Promise<Content> =>
    (await platform.http.get(`/v1/blocks/${name}/versions/${n}`).set(auth(author)).expect(200)).body;
  const templateAction = (key: string, n: number, action: string) => `/v1/templates/${key}/versions/${n}/${action}`;
  const blockAction = (name: string, n: number, action: string) => `/v1/blocks/${name}/versions/${n}/${action}`;

  /** Drafts a new invoice version from `from` with `edit` applied, as the author; returns its number. */
  const draftInvoice = async (from: number, edit: (content: Content) => void): Promise<number> => {
    const content = await templateContent('invoice', from);
    edit(content);
    return (await platform.http.post(`/v1/templates/invoice/versions?from=${from}`).set(auth(author)).send(content).expect(201)).body.number;
  };
  const publishInvoice = async (n: number) => {
    await platform.http.post(templateAction('invoice', n, 'submit')).set(auth(author)).expect(200);
    await platform.http.post(templateAction('invoice', n, 'approve')).set(auth(reviewer)).send({ publish: true }).expect(200);
  };
  const submitExpectingErrors = async (n: number) => {
    const res = await platform.http.post(templateAction('invoice', n, 'submit')).set(auth(author)).expect(422);
    expect(res.body.code).toBe('compliance_failed');
    return res.body.errors as Array<{ pointer: string; message: string }>;
  };
  const postDocument = async (externalRef: string) =>
    (await platform.http.post('/v1/documents').set(auth(billing)).send({ ...fixture('invoice-en-us.json'), externalRef }).expect(201)).body as {
      id: string;
      template: { key: string; version: number; contentHash: string };
    };
  const emailText = async (id: string) => (await platform.http.get(`/v1/documents/${id}/renditions/email?part=text`).set(auth(billing)).expect(200)).text;

  it('ships the built-in blocks as published version 1, readable by authors, carried by the built-in templates', async () => {
    const list = await platform.http.get('/v1/blocks').set(auth(author)).expect(200);
    expect(list.body.map((block: { name: string; publishedVersion: number }) => [block.name, block.publishedVersion])).toEqual([
      ['brand-styles', 1],
      ['legal-footer', 1],
      ['sender-identity', 1],
    ]);
    const v1 = await templateContent('invoice', 1);
    expect(v1.blocks['legal-footer']).toMatchObject({ version: 1, contentHash: expect.stringMatching(/^[0-9a-f]{64}$/), sources: { html: expect.any(String) } });
    const block = await platform.http.get('/v1/blocks/legal-footer/versions/1').set(auth(author)).expect(200);
    expect(block.headers.etag).toBe(`"${v1.blocks['legal-footer'].contentHash}"`);
    expect(block.body).toEqual({ sources: v1.blocks['legal-footer'].sources, messages: v1.blocks['legal-footer'].messages });
  });

  it('refuses block writes to an author (403), while reviewers draft them', async () => {
    const content = await blockContent('legal-footer', 1);
    await platform.http.post('/v1/blocks').set(auth(author)).send({ name: 'author-footer' }).expect(403);
    const refused = await platform.http.post('/v1/blocks/legal-footer/versions').set(auth(author)).send(content).expect(403);
    expect(refused.body.code).toBe('forbidden');
    await platform.http.post(blockAction('legal-footer', 1, 'retire')).set(auth(author)).expect(403);
    await platform.http.post('/v1/blocks').set(auth(billing)).send({ name: 'billing-footer' }).expect(403);

    const draft = await platform.http.post('/v1/blocks/legal-footer/versions?from=1').set(auth(reviewer)).send(content).expect(201);
    expect(draft.body).toMatchObject({ name: 'legal-footer', number: 2, status: 'draft', basedOn: 1 });
    await platform.http.put('/v1/blocks/legal-footer/versions/2').set(auth(author)).send(content).expect(403);
    // Another reviewer's draft is not theirs to change either.
    await platform.http.put('/v1/blocks/legal-footer/versions/2').set(auth(otherReviewer)).send(content).expect(403);
  });

  it('captures the published block when a template version is submitted; a later block publish leaves documents of that version alone', async () => {
    const before = await postDocument('BLOCKS-V1');
    expect(before.template.version).toBe(1);
    expect(await emailText(before.id)).toContain(OLD_SERVICE);

    // A template version submitted now carries legal-footer v1.
    const captured = await draftInvoice(1, (c) => (c.messages.en['invoice.greeting'] = 'Dear {name},'));
    await publishInvoice(captured);
    expect((await templateContent('invoice', captured)).blocks['legal-footer'].version).toBe(1);

    // The reviewer edits the legal footer (v2 is their draft from the test above); someone else approves it.
    const content = await blockContent('legal-footer', 1);
    content.messages.en['footer.service'] = content.messages.en['footer.service'].replace(OLD_SERVICE, NEW_SERVICE);
    await platform.http.put('/v1/blocks/legal-footer/versions/2').set(auth(reviewer)).send(content).expect(200);
    const submitted = await platform.http.post(blockAction('legal-footer', 2, 'submit')).set(auth(reviewer)).expect(200);
    expect(submitted.body.status).toBe('in_review');
    const selfApproval = await platform.http.post(blockAction('legal-footer', 2, 'approve')).set(auth(reviewer)).send({}).expect(403);
    expect(selfApproval.body.detail).toMatch(/four-eyes/i);
    await platform.http.post(blockAction('legal-footer', 2, 'approve')).set(auth(otherReviewer)).send({ comment: '2027 wording' }).expect(200);
    const published = await platform.http.post(blockAction('legal-footer', 2, 'publish')).set(auth(otherReviewer)).expect(200);
    expect(published.body).toMatchObject({ status: 'published', approvedBy: expect.any(String), author: expect.any(String) });
    expect(published.body.approvedBy).not.toBe(published.body.author);

    // Documents of the published template version render exactly the block it captured.
    const after = await postDocument('BLOCKS-AFTER-BLOCK-PUBLISH');
    expect(after.template).toMatchObject({ version: captured });
    const text = await emailText(after.id);
    expect(text).toContain('Dear Jordan Miller,');
    expect(text).toContain(OLD_SERVICE);
    expect(text).not.toContain(NEW_SERVICE);
    expect(await emailText(before.id)).toContain(OLD_SERVICE);

    // The block page says which template versions still carry the older block.
    const detail = await platform.http.get('/v1/blocks/legal-footer').set(auth(author)).expect(200);
    expect(detail.body).toMatchObject({ publishedVersion: 2 });
    expect(detail.body.versions.map((v: { number: number; status: string }) => [v.number, v.status])).toEqual([
      [1, 'retired'],
      [2, 'published'],
    ]);
    expect(detail.body.usedBy).toEqual(expect.arrayContaining([{ key: 'invoice', version: captured, status: 'published', blockVersion: 1, outdated: true }]));

    // A new template version picks the new block up.
    const next = await draftInvoice(captured, (c) => (c.description = 'takes the 2027 legal footer'));
    await publishInvoice(next);
    expect((await templateContent('invoice', next)).blocks['legal-footer'].version).toBe(2);
    const latest = await postDocument('BLOCKS-NEW-TEMPLATE');
    expect(latest.template.version).toBe(next);
    expect(await emailText(latest.id)).toContain(NEW_SERVICE);

    const audit = await platform.http.get('/v1/audit?subjectId=legal-footer@2').set(auth(reviewer)).expect(200);
    expect(audit.body.map((entry: { action: string }) => entry.action)).toEqual([
      'block_version.drafted',
      'block_version.edited',
      'block_version.submitted',
      'block_version.approved',
      'block_version.published',
    ]);
  });

  it('rejects at submit a template that drops a required block, pointing at the channel', async () => {
    const n = await draftInvoice(1, (c) => {
      c.channels.pdf.html = c.channels.pdf.html.replace('{{> legal-footer}}', '');
      c.channels.email.mjml = c.channels.email.mjml.replace('{{> sender-identity}}', '');
    });
    const errors = await submitExpectingErrors(n);
    expect(errors).toEqual(
      expect.arrayContaining([
        { pointer: '/channels/pdf/html', message: expect.stringMatching(/legal footer, locked block "legal-footer"/) },
        { pointer: '/channels/email/mjml', message: expect.stringMatching(/sender identity, locked block "sender-identity"/) },
      ]),
    );
    expect(errors).toHaveLength(2);
  });

  it('rejects a template that defines its own partial, or overrides a block or its wording', async () => {
    const inline = await draftInvoice(1, (c) => {
      c.channels.pdf.html = c.channels.pdf.html.replace('{{> legal-footer}}', '{{#*inline "legal-footer"}}<footer>ours</footer>{{/inline}}{{> legal-footer}}');
    });
    expect(await submitExpectingErrors(inline)).toEqual([{ pointer: '/channels/pdf/html', message: expect.stringMatching(/cannot define its own partials/) }]);

    const own = await draftInvoice(1, (c) => {
      c.channels.pdf.html = c.channels.pdf.html.replace('{{> legal-footer}}', '{{> our-footer}}');
    });
    expect(await submitExpectingErrors(own)).toEqual([{ pointer: '/channels/pdf/html', message: expect.stringMatching(/"?our-footer"?.*names no locked block/) }]);

    const content = await templateContent('invoice', 1);
    content.blocks['legal-footer'].sources.html = '<footer>Nothing to see</footer>';
    const overridden = await platform.http.post('/v1/templates/invoice/versions').set(auth(author)).send(content).expect(422);
    expect(overridden.body).toMatchObject({ code: 'validation_failed', errors: [{ pointer: '/blocks/legal-footer', message: expect.stringMatching(/cannot define or change a locked block/) }] });

    const reworded = await draftInvoice(1, (c) => (c.messages.en['footer.service'] = 'We may send you offers.'));
    expect(await submitExpectingErrors(reworded)).toEqual(
      expect.arrayContaining([{ pointer: '/messages/en/footer.service', message: expect.stringMatching(/belongs to locked block "legal-footer"/) }]),
    );
  });

  it('reviews a new block like a template, and lets templates include it once published', async () => {
    await platform.http.post('/v1/blocks').set(auth(reviewer)).send({ name: 'kw-disclosure', description: 'Kuwait consumer disclosure' }).expect(201);
    await platform.http.post('/v1/blocks').set(auth(reviewer)).send({ name: 'kw-disclosure' }).expect(409);
    const broken = {
      sources: { html: '<p class="small">{{t "kw.disclosure"}}</p>', text: '{{t "kw.disclosure"}}' },
      messages: { en: { 'kw.disclosure': 'Regulated by CITRA.' }, ar: {}, zh: { 'kw.disclosure': '受 CITRA 监管。' } },
    };
    await platform.http.post('/v1/blocks/kw-disclosure/versions').set(auth(reviewer)).send(broken).expect(201);
    const lint = await platform.http.post(blockAction('kw-disclosure', 1, 'submit')).set(auth(reviewer)).expect(422);
    expect(lint.body.errors).toEqual([{ pointer: '/messages/ar', message: expect.stringMatching(/lacks message "kw.disclosure"/) }]);

    const fixed = { ...broken, messages: { ...broken.messages, ar: { 'kw.disclosure': 'خاضع لرقابة هيئة الاتصالات.' } } };
    const draft = await platform.http.post('/v1/blocks/kw-disclosure/versions?from=1').set(auth(reviewer)).send(fixed).expect(201);
    await platform.http.post(blockAction('kw-disclosure', draft.body.number, 'submit')).set(auth(reviewer)).expect(200);
    await platform.http.post(blockAction('kw-disclosure', draft.body.number, 'publish')).set(auth(otherReviewer)).expect(409);
    await platform.http.post(blockAction('kw-disclosure', draft.body.number, 'approve')).set(auth(otherReviewer)).send({ publish: true }).expect(200);

    const n = await draftInvoice(1, (c) => {
      c.channels.pdf.html = c.channels.pdf.html.replace('{{> legal-footer}}', '{{> kw-disclosure}}\n  {{> legal-footer}}');
    });
    await platform.http.post(templateAction('invoice', n, 'submit')).set(auth(author)).expect(200);
    const content = await templateContent('invoice', n);
    expect(content.blocks['kw-disclosure']).toMatchObject({ version: draft.body.number, messages: fixed.messages });
  });
});
