import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import type { AppConfig, AuditKeyConfig } from '@app/config';
import { readOrCreateSecret } from '@app/persistence';

/**
 * The HMAC keys of the audit chain, which live outside the database. The first
 * links new entries and signs checkpoints; older ones stay to verify what they
 * signed (rotation: put a new key first, keep the old ones after it).
 */
export class AuditKeyRing {
  private readonly byId: ReadonlyMap<string, string>;

  constructor(readonly keys: readonly AuditKeyConfig[]) {
    if (!keys.length) throw new Error('The audit chain needs at least one key');
    this.byId = new Map(keys.map((key) => [key.id, key.secret]));
  }

  get current(): AuditKeyConfig {
    return this.keys[0];
  }

  secretOf(id: string): string | undefined {
    return this.byId.get(id);
  }
}

/** CCM_AUDIT_KEYS, or a key generated on first start and kept (mode 0600) as `id:secret` in the data folder. */
export async function resolveAuditKeys(config: AppConfig): Promise<AuditKeyConfig[]> {
  if (config.auditKeys) return [...config.auditKeys];
  const line = await readOrCreateSecret(
    path.join(config.dataDir, 'audit-key'),
    () => `generated-${randomBytes(4).toString('hex')}:${randomBytes(32).toString('base64url')}`,
  );
  const colon = line.indexOf(':');
  return [{ id: line.slice(0, colon), secret: line.slice(colon + 1) }];
}
