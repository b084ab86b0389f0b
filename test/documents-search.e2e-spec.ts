import { fixture } from './support/fixtures';
import { startTestPlatform, TestPlatform } from './support/test-platform';

/** GET /v1/documents: operators and reviewers find documents by reference, customer, type and status. */
describe('document search (e2e)', () => {
  let platform: TestPlatform;
  let billing: string;
  let reviewer: string;
  let author: string;
  const auth = (key: string) => ({ Authorization: `Bearer ${key}` });
  const ids: string[] = [];

  beforeAll(async () => {
    platform = await startTestPlatform();
    billing = await platform.keyFor('billing');
    reviewer = await platform.keyFor('reviewer');
    author = await platform.keyFor('author');
    for (const [ref, customerId] of [
      ['SEARCH-1', 'C-SEARCH-A'],
      ['SEARCH-2', 'C-SEARCH-B'],
      ['SEARCH-3', 'C-SEARCH-A'],
    ]) {
      const body = fixture('invoice-en-us.json');
      const created = await platform.http
        .post('/v1/documents')
        .set(auth(billing))
        .send({ ...body, externalRef: ref, channels: ['email'], recipient: { ...body.recipient, customerId } })
        .expect(201);
      ids.push(created.body.id);
    }
  }, 120_000);
  afterAll(() => platform.close());

  it('finds a document by its external reference, with a link to the whole document', async () => {
    const found = await platform.http.get('/v1/documents?externalRef=SEARCH-2').set(auth(billing)).expect(200);
    expect(found.body).toEqual({
      items: [
        expect.objectContaining({
          id: ids[1],
          href: `/v1/documents/${ids[1]}`,
          type: 'invoice',
          externalRef: 'SEARCH-2',
          customerId: 'C-SEARCH-B',
          template: { key: 'invoice', version: 1 },
          channels: ['email'],
        }),
      ],
      nextCursor: null,
    });
  });

  it('finds a customer\'s documents newest first, a page at a time, without repeats', async () => {
    const first = await platform.http.get('/v1/documents?customerId=C-SEARCH-A&limit=1').set(auth(reviewer)).expect(200);
    expect(first.body.items.map((d: { id: string }) => d.id)).toEqual([ids[2]]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await platform.http.get('/v1/documents').query({ customerId: 'C-SEARCH-A', limit: '1', cursor: first.body.nextCursor }).set(auth(reviewer)).expect(200);
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
  });

  it('filters by type and status together, and lists everything newest first without filters', async () => {
    const all = await platform.http.get('/v1/documents?type=invoice&limit=200').set(auth(billing)).expect(200);
    const ours = all.body.items.map((d: { id: string }) => d.id).filter((id: string) => ids.includes(id));
    expect(ours).toEqual([...ids].reverse());
    const none = await platform.http.get('/v1/documents?type=no-such-type').set(auth(billing)).expect(200);
    expect(none.body.items).toEqual([]);
    const accepted = await platform.http.get('/v1/documents?externalRef=SEARCH-1&status=accepted').set(auth(billing)).expect(200);
    const rendered = await platform.http.get('/v1/documents?externalRef=SEARCH-1&status=rendered').set(auth(billing)).expect(200);
    expect(accepted.body.items.length + rendered.body.items.length).toBe(1);
  });

  it.each([
    ['colour=red', 'colour is not a known parameter'],
    ['status=lost', 'status must be one of'],
    ['limit=0', 'limit must be an integer from 1 to 200'],
    ['limit=2.5', 'limit must be an integer from 1 to 200'],
    ['cursor=not-a-cursor', 'cursor is not one this API returned'],
    ['externalRef=a&externalRef=b', 'externalRef must be given once'],
    ['externalRef=', 'externalRef must be 1 to 255 characters'],
  ])('refuses %s with a 400 problem naming it', async (query, detail) => {
    const refused = await platform.http.get(`/v1/documents?${query}`).set(auth(billing)).expect(400);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body.detail).toContain(detail);
  });

  it('is for operators and reviewers, not authors', async () => {
    await platform.http.get('/v1/documents').set(auth(author)).expect(403);
  });
});
