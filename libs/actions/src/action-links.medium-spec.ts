import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../../test/support/test-database';
import { ActionLinkEntity } from './action-link.entity';
import { ActionLinkFormat } from './action-link-format';
import { ActionLinks, ActionLinkSettings } from './action-links';

describe('ActionLinks (real PostgreSQL, real migrations)', () => {
  let db: DataSource;
  const lifetime = { daysAfterDue: 30, daysWithoutDue: 90 };
  const settings = (signingSecret: string, previousSecrets: string[] = []): ActionLinkSettings => ({
    publicUrl: 'https://billing.example.com',
    signingSecret,
    previousSecrets,
    lifetime,
  });
  const linksUnder = (s: ActionLinkSettings) => new ActionLinks(s, new ActionLinkFormat(s), db);
  const oldSecret = 'o'.repeat(40);
  const newSecret = 'n'.repeat(40);

  beforeAll(async () => {
    db = new DataSource({ type: 'postgres', url: await createTestDatabase(), entities: [ActionLinkEntity], extra: { max: 4 } });
    await db.initialize();
  });
  afterAll(() => db.destroy());

  /** A document row for the links to belong to. */
  const documentWithLinks = async (links: ActionLinks, dueDate: string | null = '2099-01-31') => {
    const id = randomUUID();
    await db.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO documents (id, type, template_key, template_version, content_hash, locale, recipient, data, channels, dispatch, status)
         VALUES ($1, 'invoice', 'invoice', 1, $2, 'en-US', '{}', '{}', '{email}', false, 'accepted')`,
        [id, 'c'.repeat(64)],
      );
      await links.issue(manager, { documentId: id, dueDate });
    });
    return id;
  };
  const tokenOf = (url: string) => url.split('/').pop()!;

  it('stores only a hash of each token and gives the same links on every render', async () => {
    const links = linksUnder(settings(oldSecret));
    const id = await documentWithLinks(links);
    const first = await links.forDocument(id);
    expect(await links.forDocument(id)).toEqual(first);
    const stored = await db.query(`SELECT token_sha256, key_id FROM action_links WHERE document_id = $1`, [id]);
    expect(stored).toHaveLength(2);
    const everything = JSON.stringify(await db.query(`SELECT * FROM action_links WHERE document_id = $1`, [id]));
    expect(everything).not.toContain(tokenOf(first.payUrl));
    expect(first.expiresAt?.toISOString()).toBe('2099-03-03T11:59:59.999Z');
  });

  it('answers the links it issues exactly as a later read derives them', async () => {
    const links = linksUnder(settings(oldSecret));
    const id = randomUUID();
    const issued = await db.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO documents (id, type, template_key, template_version, content_hash, locale, recipient, data, channels, dispatch, status)
         VALUES ($1, 'invoice', 'invoice', 1, $2, 'en-US', '{}', '{}', '{email}', false, 'accepted')`,
        [id, 'c'.repeat(64)],
      );
      return links.issue(manager, { documentId: id, dueDate: '2099-01-31' });
    });
    expect(await links.forDocument(id)).toEqual(issued);
  });

  it('resolves a token for its purpose only, and nothing tampered', async () => {
    const links = linksUnder(settings(oldSecret));
    const id = await documentWithLinks(links);
    const { payPath, askPath } = await links.forDocument(id);
    expect(await links.resolve('pay', payPath)).toMatchObject({ status: 'active', documentId: id, purpose: 'pay' });
    expect(await links.resolve('ask', askPath)).toMatchObject({ status: 'active', documentId: id, purpose: 'ask' });
    expect(await links.resolve('ask', payPath)).toEqual({ status: 'unknown' });
    const flipped = payPath.slice(0, -1) + (payPath.endsWith('A') ? 'B' : 'A');
    expect(await links.resolve('pay', flipped)).toEqual({ status: 'unknown' });
    expect(await links.resolve('pay', `${payPath}x`)).toEqual({ status: 'unknown' });
    expect(await links.resolve('pay', "' OR 1=1 --")).toEqual({ status: 'unknown' });
  });

  it('reports expired links and revoked ones, the first revocation staying', async () => {
    const links = linksUnder(settings(oldSecret));
    const id = await documentWithLinks(links, '2020-01-01');
    const { payPath } = await links.forDocument(id);
    await db.query(`UPDATE action_links SET expires_at = now() - interval '1 minute' WHERE document_id = $1`, [id]);
    expect(await links.resolve('pay', payPath)).toMatchObject({ status: 'expired', documentId: id });

    const paidAt = new Date('2026-11-30T08:00:00Z');
    await links.revoke(db.manager, { documentId: id, purpose: 'pay', reason: 'paid', at: paidAt });
    await links.revoke(db.manager, { documentId: id, purpose: 'pay', reason: 'paid_elsewhere', at: new Date() });
    expect(await links.resolve('pay', payPath)).toMatchObject({ status: 'revoked', reason: 'paid', revokedAt: paidAt });
  });

  it('keeps links sent before a rotation of the secret working, and renders them unchanged', async () => {
    const before = linksUnder(settings(oldSecret));
    const id = await documentWithLinks(before);
    const sent = await before.forDocument(id);

    const after = linksUnder(settings(newSecret, [oldSecret]));
    expect(await after.forDocument(id)).toEqual(sent);
    expect(await after.resolve('pay', sent.payPath)).toMatchObject({ status: 'active', documentId: id });
    const fresh = await after.forDocument(await documentWithLinks(after));
    expect(fresh.payPath.slice(0, 2)).not.toBe(sent.payPath.slice(0, 2));

    // Once the old secret is dropped, what was sent still opens; only a re-render needs the key.
    const forgetful = linksUnder(settings(newSecret));
    expect(await forgetful.resolve('pay', sent.payPath)).toMatchObject({ status: 'active' });
    await expect(forgetful.forDocument(id)).rejects.toThrow(/no longer configured/);
  });

  it('issues links to a document accepted before links were stored', async () => {
    const links = linksUnder(settings(oldSecret));
    const id = await documentWithLinks(links);
    await db.query(`DELETE FROM action_links WHERE document_id = $1`, [id]);
    const issued = await links.forDocument(id);
    expect(await links.resolve('pay', issued.payPath)).toMatchObject({ status: 'active', documentId: id });
  });
});
