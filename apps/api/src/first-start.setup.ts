import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ApiKeysService, bootstrapAdminKey } from '@app/auth';
import { APP_CONFIG, AppConfig } from '@app/config';
import { BlockStore, loadBuiltInBlocks, loadBuiltInTemplates, TemplateStore } from '@app/templating';

/**
 * First-start set-up: the built-in locked blocks and templates become published
 * version 1 (the templates carrying those blocks), and an admin key exists. All
 * are idempotent, so every start (and every one of many processes) may run them.
 */
@Injectable()
export class FirstStartSetup implements OnApplicationBootstrap {
  private readonly logger = new Logger('Platform');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly templates: TemplateStore,
    private readonly blocks: BlockStore,
    private readonly keys: ApiKeysService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const blocks = await this.blocks.importBuiltIns(await loadBuiltInBlocks(this.config.templatesDir));
    if (blocks.length) this.logger.log(`built-in locked blocks imported as published v1: ${blocks.join(', ')}`);
    const imported = await this.templates.importBuiltIns(await loadBuiltInTemplates(this.config.templatesDir));
    if (imported.length) this.logger.log(`built-in templates imported as published v1: ${imported.join(', ')}`);
    const admin = await bootstrapAdminKey(this.config, this.keys);
    this.logger.log(
      admin.source === 'file'
        ? `admin API key: in ${admin.file} (use it as Authorization: Bearer <key>)`
        : 'admin API key: the value of CCM_ADMIN_KEY',
    );
  }
}
