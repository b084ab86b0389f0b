import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AuditKeyConfig } from '@app/config';
import { AuditCheckpointEntity } from './audit-checkpoint.entity';
import { AuditCheckpointRepository } from './audit-checkpoint.repository';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditKeyRing } from './audit-key-ring';
import { AuditLogRepository } from './audit-log.repository';
import { TakeAuditCheckpointUseCase } from './take-audit-checkpoint.use-case';
import { VerifyAuditChainUseCase } from './verify-audit-chain.use-case';

const PROVIDERS = [AuditLogRepository, AuditCheckpointRepository, VerifyAuditChainUseCase, TakeAuditCheckpointUseCase];

@Module({
  imports: [TypeOrmModule.forFeature([AuditEntryEntity, AuditCheckpointEntity])],
  providers: PROVIDERS,
  exports: PROVIDERS,
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
