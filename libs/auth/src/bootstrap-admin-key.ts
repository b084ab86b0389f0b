import * as path from 'node:path';
import { AppConfig } from '@app/config';
import { readOrCreateSecret } from '@app/persistence';
import { generateApiKey } from './api-key.secret';
import { ApiKeysService } from './api-key.repository';

export interface BootstrapKey {
  /** Where the key came from, for the start-up message; never the key itself. */
  readonly source: 'CCM_ADMIN_KEY' | 'file';
  readonly file?: string;
}

/**
 * Makes sure an admin key exists, belonging to the bootstrap admin person:
 * CCM_ADMIN_KEY when set, otherwise a key generated on first start and kept
 * (mode 0600) in the data folder.
 */
export async function bootstrapAdminKey(config: AppConfig, keys: ApiKeysService): Promise<BootstrapKey> {
  if (config.adminKey) {
    await keys.ensureBootstrapKey('bootstrap admin (CCM_ADMIN_KEY)', config.adminKey);
    return { source: 'CCM_ADMIN_KEY' };
  }
  const file = path.join(config.dataDir, 'admin-key');
  const key = await readOrCreateSecret(file, generateApiKey);
  await keys.ensureBootstrapKey('bootstrap admin (generated)', key);
  return { source: 'file', file };
}
