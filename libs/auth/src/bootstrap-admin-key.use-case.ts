import * as path from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { readOrCreateSecret } from '@app/persistence';
import { ApiKeyRepository } from './api-key.repository';
import { displayPrefix, generateApiKey, hashApiKey } from './api-key.secret';

export interface BootstrapKey {
  /** Where the key came from, for the start-up message; never the key itself. */
  readonly source: 'CCM_ADMIN_KEY' | 'file';
  readonly file?: string;
}

/**
 * Makes sure an admin key exists, belonging to the bootstrap admin person:
 * CCM_ADMIN_KEY when set, otherwise a key generated on first start and kept
 * (mode 0600) in the data folder. Registered once; every later start (and every
 * one of many processes) changes nothing.
 */
@Injectable()
export class BootstrapAdminKeyUseCase {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly keys: ApiKeyRepository,
  ) {}

  async execute(): Promise<BootstrapKey> {
    if (this.config.adminKey) {
      await this.register('bootstrap admin (CCM_ADMIN_KEY)', this.config.adminKey);
      return { source: 'CCM_ADMIN_KEY' };
    }
    const file = path.join(this.config.dataDir, 'admin-key');
    const key = await readOrCreateSecret(file, generateApiKey);
    await this.register('bootstrap admin (generated)', key);
    return { source: 'file', file };
  }

  private register(name: string, key: string): Promise<void> {
    return this.keys.insertBootstrapAdminKey(name, displayPrefix(key), hashApiKey(key));
  }
}
