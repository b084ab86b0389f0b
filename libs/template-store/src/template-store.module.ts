import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataContractValidator } from '@app/templating';
import { BlockRepository } from './block.repository';
import { BlockVersionsRepository } from './block-versions.repository';
import { LockedBlockEntity } from './locked-block.entity';
import { LockedBlockVersionEntity } from './locked-block-version.entity';
import { TemplateEntity } from './template.entity';
import { TemplateRepository } from './template.repository';
import { TemplateVersionEntity } from './template-version.entity';
import { TemplateVersionsRepository } from './template-versions.repository';

const REPOSITORIES = [TemplateRepository, TemplateVersionsRepository, BlockRepository, BlockVersionsRepository];

/**
 * The one data layer of templates, locked blocks and their versions, and the
 * validator of the data contracts those versions carry (it remembers each
 * version's compiled schema).
 */
@Module({
  imports: [TypeOrmModule.forFeature([TemplateEntity, TemplateVersionEntity, LockedBlockEntity, LockedBlockVersionEntity])],
  providers: [...REPOSITORIES, { provide: DataContractValidator, useFactory: () => new DataContractValidator() }],
  exports: [...REPOSITORIES, DataContractValidator],
})
export class TemplateStoreModule {}
