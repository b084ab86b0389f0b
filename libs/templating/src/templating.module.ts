import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BlockStore } from './blocks/block-store';
import { LockedBlockEntity } from './blocks/locked-block.entity';
import { LockedBlockVersionEntity } from './blocks/locked-block-version.entity';
import { DataContractValidator } from './data-contract.validator';
import { TemplateEntity } from './store/template.entity';
import { TemplateStore } from './store/template-store';
import { TemplateVersionEntity } from './store/template-version.entity';

/** The template service: versions and locked blocks in the database, data contracts, and the merge. */
@Module({
  imports: [TypeOrmModule.forFeature([TemplateEntity, TemplateVersionEntity, LockedBlockEntity, LockedBlockVersionEntity])],
  providers: [TemplateStore, BlockStore, { provide: DataContractValidator, useFactory: () => new DataContractValidator() }],
  exports: [TemplateStore, BlockStore, DataContractValidator],
})
export class TemplatingModule {}
