import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { ApiKeyEntity } from './api-key.entity';
import { IdentityEntity } from './identity.entity';
import { ApiKeysService } from './api-key.repository';

@Module({
  imports: [TypeOrmModule.forFeature([ApiKeyEntity, IdentityEntity]), AuditModule],
  providers: [ApiKeysService],
  exports: [ApiKeysService],
})
export class AuthModule {}
