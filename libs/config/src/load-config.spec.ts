import { ConfigError, describeConfig, loadConfig } from './load-config';

describe('loadConfig', () => {
  it('applies documented defaults for an empty environment', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe('/srv/app/.data');
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect([...config.processes]).toEqual(['api', 'worker']);
    expect(config.limits.idempotencyTtlHours).toBe(24);
  });

  it('chooses PostgreSQL, pg-boss and Chromium unless told otherwise', () => {
    expect(loadConfig({}, '/srv/app').drivers).toEqual({ queue: 'pgboss', pdfEngine: 'chromium', assetStore: 'postgres', blobStore: 'postgres' });
  });

  it('takes the driver a variable names and refuses one that does not exist', () => {
    expect(loadConfig({ CCM_BLOB_STORE: 'filesystem', CCM_ASSET_STORE: 'memory' }).drivers).toMatchObject({ blobStore: 'filesystem', assetStore: 'memory' });
    expect(() => loadConfig({ CCM_BLOB_STORE: 's3' })).toThrow(/CCM_BLOB_STORE must be one of postgres, filesystem \(got "s3"\)/);
    expect(() => loadConfig({ CCM_QUEUE: 'redis' })).toThrow(/CCM_QUEUE must be one of pgboss/);
  });

  it('reports every invalid variable at once', () => {
    const attempt = () => loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', CCM_SECRET: 'short' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      expect((error as ConfigError).problems).toHaveLength(3);
    }
  });

  it('never lets secrets reach a log line', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://app:hunter2@db/ccm',
      CCM_ADMIN_KEY: 'a'.repeat(32),
      CCM_SECRET: 'b'.repeat(40),
    });
    const logged = JSON.stringify(describeConfig(config));
    expect(logged).not.toContain('hunter2');
    expect(logged).not.toContain('a'.repeat(32));
    expect(logged).not.toContain('b'.repeat(40));
    expect(logged).toContain('db/ccm');
  });
});
