import { DataSource } from 'typeorm';
import { type BlockContent, captureBlock, contentHash, type TemplateContent } from '@app/contracts';
import { createTestDatabase } from '../../../test/support/test-database';
import { BlockRepository } from './block.repository';
import { BlockVersionsRepository } from './block-versions.repository';
import { LockedBlockEntity } from './locked-block.entity';
import { LockedBlockVersionEntity } from './locked-block-version.entity';
import { TemplateEntity } from './template.entity';
import { BUILT_IN_ACTOR, TemplateRepository } from './template.repository';
import { TemplateVersionEntity } from './template-version.entity';
import { TemplateVersionsRepository } from './template-versions.repository';

/** The template store's repositories against real PostgreSQL with the real migrations (a fresh clone per file). */
describe('template store repositories (real PostgreSQL)', () => {
  let db: DataSource;
  const templateVersions = new TemplateVersionsRepository();
  const blockVersions = new BlockVersionsRepository();

  const FOOTER: BlockContent = { sources: { text: '{{t "footer.legal"}}' }, messages: { en: { 'footer.legal': 'Northwind Fiber Ltd.' } } };
  const content = (name: string, blocks: TemplateContent['blocks'] = {}): TemplateContent => ({
    kind: 'invoice',
    name,
    locales: ['en'],
    defaultLocale: 'en',
    defaultChannels: ['sms'],
    dataContract: { type: 'object' },
    channels: { sms: { text: 'Hello {{recipient.name}}', sender: 'Northwind', maxSegments: 1 } },
    messages: { en: {} },
    blocks,
  });

  beforeAll(async () => {
    db = new DataSource({
      type: 'postgres',
      url: await createTestDatabase(),
      entities: [TemplateEntity, TemplateVersionEntity, LockedBlockEntity, LockedBlockVersionEntity],
    });
    await db.initialize();
  });
  afterAll(() => db.destroy());

  it('takes a template key once and lists templates by key', async () => {
    const zeta = await templateVersions.insert(db.manager, { key: 'zeta', kind: 'invoice', name: 'Zeta', description: '' });
    const alpha = await templateVersions.insert(db.manager, { key: 'alpha', kind: 'invoice', name: 'Alpha', description: '' });
    expect([zeta?.key, alpha?.key]).toEqual(['zeta', 'alpha']);
    expect(await templateVersions.insert(db.manager, { key: 'alpha', kind: 'invoice', name: 'Again', description: '' })).toBeNull();
    const keys = (await templateVersions.list(db.manager)).map((template) => template.key);
    expect(keys.indexOf('alpha')).toBeLessThan(keys.indexOf('zeta'));
    expect((await templateVersions.find(db.manager, 'alpha')).name).toBe('Alpha');
  });

  it('numbers versions in order, filters them by status and queues the oldest submission first for review', async () => {
    const template = (await templateVersions.insert(db.manager, { key: 'queue', kind: 'invoice', name: 'Queue', description: '' }))!;
    const saved: TemplateVersionEntity[] = [];
    for (const name of ['one', 'two', 'three']) {
      const number = await templateVersions.nextNumber(db.manager, template);
      const body = content(name);
      saved.push(await templateVersions.save(db.manager, templateVersions.create(db.manager, template, { number, content: body, contentHash: contentHash(body), author: 'author-1', basedOn: null })));
    }
    expect(saved.map((version) => version.number)).toEqual([1, 2, 3]);
    // Version 3 is submitted before version 1: the queue follows submission, not numbers.
    for (const [version, submittedAt] of [[saved[2], '2026-01-01T10:00:00Z'], [saved[0], '2026-01-01T11:00:00Z']] as const) {
      version.status = 'in_review';
      version.submittedAt = new Date(submittedAt);
      await templateVersions.save(db.manager, version);
    }
    expect((await templateVersions.versions(db.manager, template)).map((version) => version.number)).toEqual([1, 2, 3]);
    expect((await templateVersions.versions(db.manager, template, 'draft')).map((version) => version.number)).toEqual([2]);
    const queue = (await templateVersions.inReview(db.manager)).filter((entry) => entry.key === 'queue');
    expect(queue.map((entry) => entry.version.number)).toEqual([3, 1]);
  });

  it('imports a built-in once as published version 1 and pins it with its content hash', async () => {
    const templates = new TemplateRepository(db);
    const builtIn = { key: 'built-in', content: content('Built-in') };
    expect(await templates.importBuiltIns([builtIn])).toEqual(['built-in']);
    expect(await templates.importBuiltIns([{ ...builtIn, content: content('Changed on disk') }])).toEqual([]);
    const pinned = await templates.published('built-in');
    expect(pinned).toMatchObject({ key: 'built-in', number: 1, contentHash: contentHash(builtIn.content) });
    expect(pinned.content.name).toBe('Built-in');
    const version = await templateVersions.version(db.manager, await templateVersions.find(db.manager, 'built-in'), 1);
    expect([version.author, version.approvedBy, version.status]).toEqual([BUILT_IN_ACTOR, BUILT_IN_ACTOR, 'published']);
  });

  it('captures published blocks by name and names the template versions that carry each', async () => {
    const blocks = new BlockRepository(db);
    expect(await blocks.importBuiltIns([{ name: 'legal-footer', description: 'Legal line', content: FOOTER }])).toEqual(['legal-footer']);
    expect(await blocks.published(['legal-footer', 'absent'])).toEqual({ 'legal-footer': captureBlock(1, FOOTER) });
    await new TemplateRepository(db).importBuiltIns([{ key: 'with-footer', content: content('With footer', { 'legal-footer': captureBlock(1, FOOTER) }) }]);
    expect(await blockVersions.carriers(db.manager, 'legal-footer')).toEqual([{ key: 'with-footer', version: 1, status: 'published', blockVersion: 1 }]);
    expect((await blockVersions.list(db.manager)).map((block) => block.name)).toContain('legal-footer');
    expect(await blockVersions.insert(db.manager, { name: 'legal-footer', description: 'Again' })).toBeNull();
  });
});
