import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AuditKeyConfig } from '@app/config';
import { AuditCheckpointEntity } from './audit-checkpoint.entity';
import { AuditCheckpoints } from './audit-checkpoint.repository';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditKeyRing } from './audit-key-ring';
import { AuditLog } from './audit-log.repository';

@Module({
  imports: [TypeOrmModule.forFeature([AuditEntryEntity, AuditCheckpointEntity])],
  providers: [AuditLog, AuditCheckpoints],
  exports: [AuditLog, AuditCheckpoints],
})
export class AuditModule {}

/** The audit keys of this process, settled before Nest starts; every AuditModule uses them. */
@Global()
@Module({})
export class AuditKeysModule {
  static forRoot(keys: readonly AuditKeyConfig[]): DynamicModule {
    return { module: AuditKeysModule, providers: [{ provide: AuditKeyRing, useValue: new AuditKeyRing(keys) }], exports: [AuditKeyRing] };
  }
}
