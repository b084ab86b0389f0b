import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BlockStore } from './block.repository';
import { LockedBlockEntity } from './locked-block.entity';
import { LockedBlockVersionEntity } from './locked-block-version.entity';
import { DataContractValidator } from '@app/templating';
import { TemplateEntity } from './template.entity';
import { TemplateStore } from './template.repository';
import { TemplateVersionEntity } from './template-version.entity';

/** The template service: versions and locked blocks in the database, data contracts, and the merge. */
@Module({
  imports: [TypeOrmModule.forFeature([TemplateEntity, TemplateVersionEntity, LockedBlockEntity, LockedBlockVersionEntity])],
  providers: [TemplateStore, BlockStore, { provide: DataContractValidator, useFactory: () => new DataContractValidator() }],
  exports: [TemplateStore, BlockStore, DataContractValidator],
})
export class TemplatingModule {}
