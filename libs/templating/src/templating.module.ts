import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataContractValidator } from './data-contract.validator';
import { TemplateEntity } from './store/template.entity';
import { TemplateStore } from './store/template-store';
import { TemplateVersionEntity } from './store/template-version.entity';

/** The template service: versions in the database, data contracts, and the merge. */
@Module({
  imports: [TypeOrmModule.forFeature([TemplateEntity, TemplateVersionEntity])],
  providers: [TemplateStore, { provide: DataContractValidator, useFactory: () => new DataContractValidator() }],
  exports: [TemplateStore, DataContractValidator],
})
export class TemplatingModule {}
