import { DataSource } from 'typeorm';
import { createTestDatabase } from '../../../test/support/test-database';
import { migrationsApplied, runMigrations } from './migrator';

describe('migrations (real PostgreSQL)', () => {
  it('apply once even when many processes start together', async () => {
    const url = await createTestDatabase();
    // The clone is already migrated: concurrent runs must apply nothing and not fail.
    const results = await Promise.all([runMigrations(url), runMigrations(url), runMigrations(url)]);
    expect(results.flat()).toEqual([]);
    const dataSource = new DataSource({ type: 'postgres', url });
    await dataSource.initialize();
    try {
      expect(await migrationsApplied(dataSource)).toBe(true);
    } finally {
      await dataSource.destroy();
    }
  });
});
