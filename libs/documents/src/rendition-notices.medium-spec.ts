import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { watch } from '../../../test/support/settled';
import { createTestDatabase } from '../../../test/support/test-database';
import { announceRenditionsMoved, RenditionNotices } from './rendition-notices';

describe('rendition notices (real PostgreSQL LISTEN / NOTIFY)', () => {
  let url: string;
  let db: DataSource;
  let notices: RenditionNotices;

  beforeAll(async () => {
    url = await createTestDatabase();
    db = new DataSource({ type: 'postgres', url, extra: { max: 2 } });
    await db.initialize();
  });
  beforeEach(() => (notices = new RenditionNotices(url)));
  afterEach(() => notices.onApplicationShutdown());
  afterAll(() => db.destroy());

  /** The first `listen` opens the connection; a notice sent before it listens would be lost, so wait until one is heard. */
  async function listening(): Promise<void> {
    const probe = randomUUID();
    for (;;) {
      const notice = notices.listen(probe);
      await db.transaction((manager) => announceRenditionsMoved(manager, [probe]));
      const heard = await Promise.race([notice.heard.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 50))]);
      notice.stop();
      if (heard) return;
    }
  }

  it('wakes the callers waiting for a document when the transaction that moved its renditions commits, and only them', async () => {
    await listening();
    const [one, other] = [randomUUID(), randomUUID()];
    const waiters = [watch(notices.listen(one).heard), watch(notices.listen(one).heard)];
    const bystander = watch(notices.listen(other).heard);

    await db.transaction((manager) => announceRenditionsMoved(manager, [one, one]));
    // A later notice to a caller of its own: once it is heard, every earlier one has been delivered.
    const marker = randomUUID();
    const markerHeard = notices.listen(marker).heard;
    await db.transaction((manager) => announceRenditionsMoved(manager, [marker]));
    await markerHeard;

    expect(waiters.map((waiter) => waiter.resolved())).toEqual([true, true]);
    expect(bystander.resolved()).toBe(false);
  });

  it('says nothing of a transaction that rolled back, nor to a caller who stopped listening', async () => {
    await listening();
    const [rolledBack, stopped, marker] = [randomUUID(), randomUUID(), randomUUID()];
    const rolledBackWaiter = watch(notices.listen(rolledBack).heard);
    const stoppedNotice = notices.listen(stopped);
    const stoppedWaiter = watch(stoppedNotice.heard);
    stoppedNotice.stop();

    await expect(
      db.transaction(async (manager) => {
        await announceRenditionsMoved(manager, [rolledBack]);
        throw new Error('the render failed to record');
      }),
    ).rejects.toThrow('the render failed to record');
    await db.transaction((manager) => announceRenditionsMoved(manager, [stopped]));
    const markerHeard = notices.listen(marker).heard;
    await db.transaction((manager) => announceRenditionsMoved(manager, [marker]));
    await markerHeard;

    expect(rolledBackWaiter.resolved()).toBe(false);
    expect(stoppedWaiter.resolved()).toBe(false);
  });

  it('listens again after its connection is lost', async () => {
    await listening();
    await db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'ccm-rendition-notices' AND pid <> pg_backend_pid()`);
    // The next waiters open a new connection; a document announced after that wakes its caller.
    await listening();
    const document = randomUUID();
    const heard = notices.listen(document).heard;
    await db.transaction((manager) => announceRenditionsMoved(manager, [document]));
    await expect(heard).resolves.toBeUndefined();
  });
});
