import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ImportBuiltInAssetsUseCase } from '@app/assets';
import { BootstrapAdminKeyUseCase, BootstrapFirstAdminUseCase, FirstAdmin } from '@app/auth';
import { APP_CONFIG, AppConfig } from '@app/config';
import { BlockRepository, loadBuiltInAssets, loadBuiltInBlocks, loadBuiltInTemplates, TemplateRepository } from '@app/template-store';

/**
 * First-start set-up: the built-in brand assets become version 1 of their names,
 * the built-in locked blocks and templates published version 1 (the templates
 * carrying those blocks and assets), an admin key exists, and the first admin
 * person can sign in to the studio (or has an invitation to). All are
 * idempotent, so every start (and every one of many processes) may run them.
 */
@Injectable()
export class FirstStartSetup implements OnApplicationBootstrap {
  private readonly logger = new Logger('Platform');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly templates: TemplateRepository,
    private readonly blocks: BlockRepository,
    private readonly assets: ImportBuiltInAssetsUseCase,
    private readonly adminKey: BootstrapAdminKeyUseCase,
    private readonly firstAdmin: BootstrapFirstAdminUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Assets first: the blocks and templates imported next inline them by hash.
    const assets = await this.assets.execute(await loadBuiltInAssets(this.config.templatesDir));
    if (assets.length) this.logger.log(`built-in brand assets imported as version 1: ${assets.join(', ')}`);
    const blocks = await this.blocks.importBuiltIns(await loadBuiltInBlocks(this.config.templatesDir));
    if (blocks.length) this.logger.log(`built-in locked blocks imported as published v1: ${blocks.join(', ')}`);
    const imported = await this.templates.importBuiltIns(await loadBuiltInTemplates(this.config.templatesDir, { publicUrl: this.config.publicUrl }));
    if (imported.length) this.logger.log(`built-in templates imported as published v1: ${imported.join(', ')}`);
    const admin = await this.adminKey.execute();
    this.logger.log(
      admin.source === 'file'
        ? `admin API key: in ${admin.file} (use it as Authorization: Bearer <key>)`
        : 'admin API key: the value of CCM_ADMIN_KEY',
    );
    this.logFirstAdmin(await this.firstAdmin.execute());
  }

  private logFirstAdmin(admin: FirstAdmin): void {
    if (admin.kind === 'configured') {
      this.logger.log(`studio admin ${admin.email} (CCM_ADMIN_EMAIL): ${admin.change === 'unchanged' ? 'signs in with CCM_ADMIN_PASSWORD' : `${admin.change} with CCM_ADMIN_PASSWORD`}`);
    } else if (admin.kind === 'invited') {
      // Printed on purpose: whoever starts the platform the first time becomes its first admin.
      this.logger.warn(`no studio user yet: the first admin signs up at ${admin.inviteUrl} (also in ${admin.file})`);
    }
  }
}
