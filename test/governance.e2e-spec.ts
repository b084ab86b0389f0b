import { Client } from 'pg';
import { fixture } from './support/fixtures';
import { ADMIN_KEY, startTestPlatform, TestPlatform } from './support/test-platform';

type Content = Record<string, any>;

describe('template governance (e2e)', () => {
  let platform: TestPlatform;
  let author: string;
  let reviewer: string;
  let authorAndReviewer: string;
  let billing: string;
  const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

  beforeAll(async () => {
    platform = await startTestPlatform();
    [author, reviewer, authorAndReviewer, billing] = await Promise.all([
      platform.keyFor('author'),
      platform.keyFor('reviewer'),
      platform.keyFor('author', 'reviewer'),
      platform.keyFor('billing'),
    ]);
  });
  afterAll(() => platform.close());

  const getContent = async (key: string, n: number): Promise<Content> =>
    (await platform.http.get(`/v1/templates/${key}/versions/${n}`).set(auth(author)).expect(200)).body;

  /** Fetches version `from`, edits it, posts it back as a new draft; returns the draft's number. */
  const draftFrom = async (key: string, from: number, edit: (content: Content) => void, as = author): Promise<number> => {
    const content = await getContent(key, from);
    edit(content);
    const res = await platform.http.post(`/v1/templates/${key}/versions?from=${from}`).set(auth(as)).send(content).expect(201);
    expect(res.body).toMatchObject({ status: 'draft', basedOn: from, contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    return res.body.number;
  };
  const versionPath = (key: string, n: number, action: string) => `/v1/templates/${key}/versions/${n}/${action}`;
  const postDocument = async (externalRef: string) => {
    const res = await platform.http.post('/v1/documents').set(auth(billing)).send({ ...fixture('invoice-en-us.json'), externalRef }).expect(201);
    return res.body as { id: string; template: { key: string; version: number; contentHash: string } };
  };
  const emailOf = async (id: string) => (await platform.http.get(`/v1/documents/${id}/renditions/email?part=text`).set(auth(billing)).expect(200)).text;
  const setGreeting = (greeting: string) => (content: Content) => {
    content.messages.en['invoice.greeting'] = greeting;
  };

  it('walks draft → review → approval → publish, pins versions in documents, and rolls back', async () => {
    const v1Document = await postDocument('GOV-V1');
    expect(v1Document.template).toMatchObject({ key: 'invoice', version: 1 });

    const v1 = await platform.http.get('/v1/templates/invoice/versions/1').set(auth(reviewer)).expect(200);
    expect(v1.headers['template-version-status']).toBe('published');
    expect(v1.headers.etag).toBe(`"${v1Document.template.contentHash}"`);

    const n = await draftFrom('invoice', 1, setGreeting('Dear {name},'));
    expect(n).toBe(2);
    // A draft can be edited by its author, and is never used for documents.
    const content = await getContent('invoice', n);
    content.messages.en['invoice.greeting'] = 'Dear {name}, (edited)';
    await platform.http.put(`/v1/templates/invoice/versions/${n}`).set(auth(author)).send(content).expect(200);
    await platform.http.put(`/v1/templates/invoice/versions/${n}`).set(auth(authorAndReviewer)).send(content).expect(403);
    expect((await postDocument('GOV-DRAFT')).template.version).toBe(1);

    const submitted = await platform.http.post(versionPath('invoice', n, 'submit')).set(auth(author)).expect(200);
    expect(submitted.body).toMatchObject({ status: 'in_review', submittedAt: expect.any(String), lintFindings: expect.any(Array) });
    expect(submitted.body.lintFindings.filter((f: { severity: string }) => f.severity === 'error')).toEqual([]);
    // Submitted versions never change: editing means a new draft.
    const locked = await platform.http.put(`/v1/templates/invoice/versions/${n}`).set(auth(author)).send(content).expect(409);
    expect(locked.body.code).toBe('invalid_state');

    const queue = await platform.http.get('/v1/reviews').set(auth(reviewer)).expect(200);
    expect(queue.body).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'invoice', number: n, status: 'in_review' })]));
    expect((await postDocument('GOV-IN-REVIEW')).template.version).toBe(1);

    await platform.http.post(versionPath('invoice', n, 'approve')).set(auth(author)).send({}).expect(403);
    const approved = await platform.http.post(versionPath('invoice', n, 'approve')).set(auth(reviewer)).send({ comment: 'Looks right' }).expect(200);
    expect(approved.body).toMatchObject({ status: 'approved', reviewComment: 'Looks right' });
    expect((await postDocument('GOV-APPROVED')).template.version).toBe(1);

    const inFlight = await postDocument('GOV-IN-FLIGHT');
    await platform.http.post(versionPath('invoice', n, 'publish')).set(auth(reviewer)).send({}).expect(200);
    expect((await platform.http.get('/v1/templates/invoice').set(auth(author)).expect(200)).body.publishedVersion).toBe(n);

    const v2Document = await postDocument('GOV-V2');
    expect(v2Document.template.version).toBe(n);
    expect(v2Document.template.contentHash).not.toBe(v1Document.template.contentHash);
    expect(await emailOf(v2Document.id)).toContain('Dear Jordan Miller, (edited)');
    // Documents accepted before the publish keep the version (and hash) they pinned.
    for (const old of [v1Document, inFlight]) {
      const text = await emailOf(old.id);
      expect(text).toContain('Hello Jordan Miller,');
      expect(text).not.toContain('Dear Jordan Miller');
      const view = await platform.http.get(`/v1/documents/${old.id}`).set(auth(billing)).expect(200);
      expect(view.body.template).toEqual(v1Document.template);
    }
    const versions = await platform.http.get('/v1/templates/invoice/versions').set(auth(reviewer)).expect(200);
    expect(versions.body.map((v: { number: number; status: string }) => [v.number, v.status])).toEqual([
      [1, 'retired'],
      [n, 'published'],
    ]);

    // Rollback: the earlier, once-published version is published again.
    const rolledBack = await platform.http.post(versionPath('invoice', 1, 'publish')).set(auth(reviewer)).send({}).expect(200);
    expect(rolledBack.body.status).toBe('published');
    const afterRollback = await postDocument('GOV-ROLLBACK');
    expect(afterRollback.template).toEqual(v1Document.template);
    expect(await emailOf(afterRollback.id)).toContain('Hello Jordan Miller,');
    const audit = await platform.http.get('/v1/audit?action=version.rolled_back').set(auth(reviewer)).expect(200);
    expect(audit.body).toEqual([expect.objectContaining({ subject: { type: 'template_version', id: 'invoice@1' }, details: expect.objectContaining({ replaced: n }) })]);

    // Retiring the published version leaves no version to send with.
    await platform.http.post(versionPath('invoice', 1, 'retire')).set(auth(reviewer)).expect(200);
    const refused = await platform.http.post('/v1/documents').set(auth(billing)).send({ ...fixture('invoice-en-us.json'), externalRef: 'GOV-RETIRED' }).expect(422);
    expect(refused.body.errors[0].pointer).toBe('/type');
    await platform.http.post(versionPath('invoice', 1, 'publish')).set(auth(reviewer)).send({}).expect(200);
  });

  it('refuses self-approval, even to an admin and to a key holding both roles', async () => {
    const byAdmin = await draftFrom('payment-confirmation', 1, (c) => (c.description = 'admin edit'), ADMIN_KEY);
    await platform.http.post(versionPath('payment-confirmation', byAdmin, 'submit')).set(auth(ADMIN_KEY)).expect(200);
    const refused = await platform.http.post(versionPath('payment-confirmation', byAdmin, 'approve')).set(auth(ADMIN_KEY)).send({}).expect(403);
    expect(refused.body).toMatchObject({ code: 'forbidden', detail: expect.stringMatching(/four-eyes/i) });

    const byBoth = await draftFrom('payment-confirmation', 1, (c) => (c.description = 'dual-role edit'), authorAndReviewer);
    await platform.http.post(versionPath('payment-confirmation', byBoth, 'submit')).set(auth(authorAndReviewer)).expect(200);
    await platform.http.post(versionPath('payment-confirmation', byBoth, 'approve')).set(auth(authorAndReviewer)).send({ publish: true }).expect(403);
    // Not approved means not publishable either.
    const early = await platform.http.post(versionPath('payment-confirmation', byBoth, 'publish')).set(auth(reviewer)).send({}).expect(409);
    expect(early.body.code).toBe('invalid_state');

    // Someone else may approve it; rejection carries the reviewer's reason.
    await platform.http.post(versionPath('payment-confirmation', byAdmin, 'approve')).set(auth(reviewer)).send({}).expect(200);
    const rejected = await platform.http.post(versionPath('payment-confirmation', byBoth, 'reject')).set(auth(reviewer)).send({ comment: 'Wrong wording' }).expect(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', reviewComment: 'Wrong wording' });
    await platform.http.post(versionPath('payment-confirmation', byBoth, 'reject')).set(auth(reviewer)).send({}).expect(422);
  });

  it('binds four-eyes to people: not the same person with a second key, nor a key the author issued, nor a machine', async () => {
    const alice = { kind: 'person' as const, email: 'alice@example.test', name: 'Alice' };
    const [aliceAuthor, aliceReviewer] = [await platform.keyOf(alice, 'author'), await platform.keyOf(alice, 'reviewer')];
    const byAlice = await draftFrom('payment-confirmation', 1, (c) => (c.description = 'by alice'), aliceAuthor);
    await platform.http.post(versionPath('payment-confirmation', byAlice, 'submit')).set(auth(aliceAuthor)).expect(200);
    const sameHuman = await platform.http.post(versionPath('payment-confirmation', byAlice, 'approve')).set(auth(aliceReviewer)).send({}).expect(403);
    expect(sameHuman.body).toMatchObject({ code: 'forbidden', detail: expect.stringMatching(/four-eyes.*any of their keys/i) });

    // The admin mints a reviewer key, for itself or for anyone it names: that key never approves the admin's own work.
    const byAdmin = await draftFrom('payment-confirmation', 1, (c) => (c.description = 'admin again'), ADMIN_KEY);
    await platform.http.post(versionPath('payment-confirmation', byAdmin, 'submit')).set(auth(ADMIN_KEY)).expect(200);
    const minted = await platform.http
      .post('/v1/api-keys')
      .set(auth(ADMIN_KEY))
      .send({ name: 'second key', roles: ['reviewer'], person: { email: 'sock-puppet@example.test', name: 'Not me' } })
      .expect(201);
    expect(minted.body.identity).toMatchObject({ kind: 'person', email: 'sock-puppet@example.test' });
    const puppet = await platform.http.post(versionPath('payment-confirmation', byAdmin, 'approve')).set(auth(minted.body.key)).send({}).expect(403);
    expect(puppet.body.detail).toMatch(/issued the approving key/);
    // A key issued in turn by the minted key is still the admin's.
    const minted2 = await platform.http
      .post('/v1/api-keys')
      .set(auth(ADMIN_KEY))
      .send({ name: 'admin', roles: ['admin'], person: { email: 'sock-puppet-2@example.test', name: 'Also not me' } })
      .expect(201);
    const grandchild = await platform.http
      .post('/v1/api-keys')
      .set(auth(minted2.body.key))
      .send({ name: 'reviewer', roles: ['reviewer'], person: { email: 'sock-puppet-3@example.test', name: 'Nor me' } })
      .expect(201);
    await platform.http.post(versionPath('payment-confirmation', byAdmin, 'approve')).set(auth(grandchild.body.key)).send({}).expect(403);
    // A reviewer who is someone else approves.
    await platform.http.post(versionPath('payment-confirmation', byAlice, 'approve')).set(auth(reviewer)).send({ publish: false }).expect(200);

    // The other way round: the admin writes as someone it issued a key to, then approves as itself.
    const asBob = await platform.http
      .post('/v1/api-keys')
      .set(auth(ADMIN_KEY))
      .send({ name: 'bob', roles: ['author'], person: { email: 'bob@example.test', name: 'Bob' } })
      .expect(201);
    const byBob = await draftFrom('payment-confirmation', 1, (c) => (c.description = 'written by the admin as bob'), asBob.body.key);
    await platform.http.post(versionPath('payment-confirmation', byBob, 'submit')).set(auth(asBob.body.key)).expect(200);
    const impersonated = await platform.http.post(versionPath('payment-confirmation', byBob, 'approve')).set(auth(ADMIN_KEY)).send({}).expect(403);
    expect(impersonated.body.detail).toMatch(/issued a key the author holds/);

    const machine = await platform.http.post('/v1/api-keys').set(auth(ADMIN_KEY)).send({ name: 'ci', roles: ['reviewer'], machine: { name: 'ci-bot' } }).expect(422);
    expect(machine.body.errors).toEqual([expect.objectContaining({ pointer: '/roles' })]);
    const nobody = await platform.http.post('/v1/api-keys').set(auth(ADMIN_KEY)).send({ name: 'nobody', roles: ['billing'] }).expect(422);
    expect(nobody.body.errors).toEqual([expect.objectContaining({ pointer: '/person' })]);
    const billingMachine = await platform.http.post('/v1/api-keys').set(auth(ADMIN_KEY)).send({ name: 'prod', roles: ['billing'], machine: { name: 'billing-system' } }).expect(201);
    expect(billingMachine.body.identity).toMatchObject({ kind: 'machine', name: 'billing-system', email: null });
  });

  it('publishes at a scheduled instant from a job', async () => {
    const n = await draftFrom('service-update', 1, (c) => (c.description = 'scheduled'));
    await platform.http.post(versionPath('service-update', n, 'submit')).set(auth(author)).expect(200);
    await platform.http.post(versionPath('service-update', n, 'approve')).set(auth(reviewer)).send({}).expect(200);
    const at = new Date(Date.now() + 3_000).toISOString();
    const scheduled = await platform.http.post(versionPath('service-update', n, 'publish')).set(auth(reviewer)).send({ at }).expect(200);
    expect(scheduled.body).toMatchObject({ status: 'approved', publishAt: at });
    expect((await platform.http.get('/v1/templates/service-update').set(auth(author))).body.publishedVersion).toBe(1);

    let published: number | null = 1;
    for (const deadline = Date.now() + 30_000; Date.now() < deadline && published !== n; ) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      published = (await platform.http.get('/v1/templates/service-update').set(auth(author))).body.publishedVersion;
    }
    expect(published).toBe(n);
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(at));
    const entries = await platform.http.get(`/v1/audit?subjectId=service-update@${n}&action=version.published`).set(auth(reviewer)).expect(200);
    expect(entries.body).toEqual([expect.objectContaining({ actor: 'system:scheduler', details: expect.objectContaining({ scheduledFor: at }) })]);
  });

  describe('compliance lint on submit', () => {
    const submitExpectingFindings = async (edit: (content: Content) => void) => {
      const n = await draftFrom('invoice', 1, edit);
      const res = await platform.http.post(versionPath('invoice', n, 'submit')).set(auth(author)).expect(422);
      expect(res.body.code).toBe('compliance_failed');
      const status = await platform.http.get(`/v1/templates/invoice/versions/${n}`).set(auth(author)).expect(200);
      expect(status.headers['template-version-status']).toBe('draft');
      return res.body as { errors: Array<{ pointer: string; message: string }>; findings: Array<Record<string, unknown>> };
    };

    it('rejects an invoice without its legal footer, pointing at the channel', async () => {
      const res = await submitExpectingFindings((c) => {
        c.channels.email.mjml = c.channels.email.mjml.replace('{{> legal-footer}}', '');
      });
      expect(res.errors).toEqual([{ pointer: '/channels/email/mjml', message: expect.stringMatching(/legal footer, locked block "legal-footer"/) }]);
    });

    it('rejects a WhatsApp body over 1024 characters', async () => {
      const res = await submitExpectingFindings((c) => {
        c.channels.whatsapp.locales.en.body += `\n\n${'Thank you for being with us. '.repeat(40)}Bye.`;
      });
      expect(res.errors).toEqual(
        expect.arrayContaining([{ pointer: '/channels/whatsapp/locales/en/body', message: expect.stringMatching(/more than 1024/) }]),
      );
    });

    it('rejects an SMS over its segment budget with the sample that breaks it', async () => {
      const res = await submitExpectingFindings((c) => {
        c.channels.sms.maxSegments = 1;
      });
      expect(res.errors.length).toBeGreaterThan(0);
      for (const error of res.errors) {
        expect(error).toEqual({ pointer: '/channels/sms/text', message: expect.stringMatching(/segments .* budget is 1/) });
      }
      expect(res.findings).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'sms-budget', sample: expect.any(String) })]));
    });

    it('rejects a placeholder absent from the data contract, with its line and column', async () => {
      const res = await submitExpectingFindings((c) => {
        c.channels.email.text = `Code: {{invoice.discountCode}}\n${c.channels.email.text}`;
      });
      expect(res.errors).toEqual([{ pointer: '/channels/email/text', message: expect.stringMatching(/"invoice\.discountCode" is not in the data contract/) }]);
      expect(res.findings).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'placeholder-in-contract', line: 1, column: 9 })]));
    });

    it('registers the built-in pay button under CCM_PUBLIC_URL, and warns when a version moves it to another host', async () => {
      const v1 = await getContent('invoice', 1);
      expect(v1.channels.whatsapp.buttons[0]).toMatchObject({ url: 'https://billing.example.test/a/pay/{{1}}', suffix: '{{actions.payPath}}' });
      const n = await draftFrom('invoice', 1, (c) => {
        c.channels.whatsapp.buttons[0].url = 'https://ccm.northwind.example/a/pay/{{1}}';
      });
      const submitted = await platform.http.post(versionPath('invoice', n, 'submit')).set(auth(author)).expect(200);
      expect(submitted.body.lintFindings).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ severity: 'warning', rule: 'whatsapp-button-base', pointer: '/channels/whatsapp/buttons/0/url' }),
        ]),
      );
    });

    it('refuses structurally invalid content when the draft is posted', async () => {
      const content = await getContent('invoice', 1);
      content.channels.sms.maxSegments = 'four';
      delete content.channels.email.subject;
      content.kind = 'service-update';
      const res = await platform.http.post('/v1/templates/invoice/versions').set(auth(author)).send(content).expect(422);
      expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(
        expect.arrayContaining(['/channels/sms/maxSegments', '/channels/email/subject']),
      );
    });

    it('points at the query parameter when a draft is made from a version that does not exist', async () => {
      const content = await getContent('invoice', 1);
      const res = await platform.http.post('/v1/templates/invoice/versions?from=999').set(auth(author)).send(content).expect(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors).toEqual([{ pointer: '/query/from', message: 'No version 999 of template "invoice"' }]);
      const blocks = await platform.http.post('/v1/blocks/legal-footer/versions?from=999').set(auth(reviewer)).send({ sources: { text: 'x' }, messages: {} });
      expect(blocks.status).toBe(422);
      expect(blocks.body.errors).toEqual([{ pointer: '/query/from', message: 'No version 999 of locked block "legal-footer"' }]);
    });
  });

  describe('access', () => {
    it('refuses template edits to a billing key (403) and to no key (401)', async () => {
      const content = await getContent('invoice', 1);
      const forbidden = await platform.http.post('/v1/templates/invoice/versions').set(auth(billing)).send(content).expect(403);
      expect(forbidden.body.code).toBe('forbidden');
      await platform.http.post('/v1/templates').set(auth(billing)).send({ key: 'x-billing', kind: 'invoice', name: 'X' }).expect(403);
      await platform.http.post(versionPath('invoice', 1, 'publish')).set(auth(billing)).send({}).expect(403);
      await platform.http.post('/v1/templates/invoice/versions').send(content).expect(401);
      await platform.http.get('/v1/templates').expect(401);
      await platform.http.get('/v1/audit/verify').set(auth(billing)).expect(403);
    });

    it('lets an author create a template whose first version is reviewed like any other', async () => {
      const created = await platform.http.post('/v1/templates').set(auth(author)).send({ key: 'invoice-business', kind: 'invoice', name: 'Business invoice' }).expect(201);
      expect(created.body).toMatchObject({ key: 'invoice-business', publishedVersion: null });
      await platform.http.post('/v1/templates').set(auth(author)).send({ key: 'invoice-business', kind: 'invoice', name: 'Again' }).expect(409);
      const content = await getContent('invoice', 1);
      const draft = await platform.http.post('/v1/templates/invoice-business/versions').set(auth(author)).send(content).expect(201);
      expect(draft.body).toMatchObject({ number: 1, status: 'draft' });
      const body = { ...fixture('invoice-en-us.json'), type: 'invoice-business', externalRef: 'GOV-NEW-DRAFT' };
      const refused = await platform.http.post('/v1/documents').set(auth(billing)).send(body).expect(422);
      expect(refused.body.errors[0]).toMatchObject({ pointer: '/type', message: expect.stringMatching(/no published version/) });
    });
  });

  describe('audit trail', () => {
    it('records every state change in one unforked chain, even under concurrent writes', async () => {
      const documents = await Promise.all(Array.from({ length: 8 }, (_, i) => postDocument(`GOV-CONCURRENT-${i}`)));
      const entries = await platform.http.get('/v1/audit?subjectId=invoice@2').set(auth(reviewer)).expect(200);
      expect(entries.body.map((e: { action: string }) => e.action)).toEqual([
        'version.drafted',
        'version.edited',
        'version.submitted',
        'version.approved',
        'version.published',
      ]);
      // Documents are recorded in their own ledgers, not in the governance chain every intake would queue on.
      const accepted = await platform.http.get('/v1/audit?action=document.accepted&limit=500').set(auth(reviewer)).expect(200);
      expect(accepted.body).toEqual([]);
      for (const document of documents) {
        const ledger = await platform.http.get(`/v1/documents/${document.id}/ledger`).set(auth(billing)).expect(200);
        expect(ledger.body.verification).toEqual({ ok: true });
        expect(ledger.body.entries[0]).toMatchObject({
          seq: 1,
          event: 'accepted',
          prevHash: '0'.repeat(64),
          details: { template: document.template, requestSha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
        });
      }
      expect((await platform.http.get('/v1/audit?action=api_key.issued').set(auth(reviewer))).body.length).toBeGreaterThanOrEqual(4);
      const verified = await platform.http.get('/v1/audit/verify').set(auth(reviewer)).expect(200);
      expect(verified.body).toEqual({ ok: true, entries: expect.any(Number), unkeyedEntries: 0, checkpoints: expect.any(Number) });
    });

    it('cannot be changed through the application role, and names a row tampered with behind its back', async () => {
      const target = (await platform.http.get('/v1/audit?action=version.approved').set(auth(reviewer)).expect(200)).body[0];
      const db = new Client({ connectionString: platform.databaseUrl });
      await db.connect();
      try {
        await expect(db.query(`UPDATE audit_log SET actor = 'mallory' WHERE id = $1`, [target.id])).rejects.toThrow(/append-only/);
        await expect(db.query(`DELETE FROM audit_log WHERE id = $1`, [target.id])).rejects.toThrow(/append-only/);
        await expect(db.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);

        // What only a database superuser could do: switch the trigger off and rewrite history.
        await db.query('BEGIN');
        await db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
        await db.query(`UPDATE audit_log SET actor = 'mallory' WHERE id = $1`, [target.id]);
        await db.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
        await db.query('COMMIT');
      } finally {
        await db.end();
      }
      const verified = await platform.http.get('/v1/audit/verify').set(auth(reviewer)).expect(200);
      expect(verified.body).toMatchObject({ ok: false, brokenAt: target.id, reason: 'hash_mismatch' });
    });
  });
});
