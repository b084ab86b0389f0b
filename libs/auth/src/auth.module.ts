import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeyRepository } from './api-key.repository';
import { AuthenticateApiKeyUseCase } from './authenticate-api-key.use-case';
import { BootstrapAdminKeyUseCase } from './bootstrap-admin-key.use-case';
import { IdentityEntity } from './identity.entity';
import { IssueApiKeyUseCase } from './issue-api-key.use-case';
import { ListApiKeysUseCase } from './list-api-keys.use-case';
import { RevokeApiKeyUseCase } from './revoke-api-key.use-case';

const USE_CASES = [IssueApiKeyUseCase, AuthenticateApiKeyUseCase, ListApiKeysUseCase, RevokeApiKeyUseCase, BootstrapAdminKeyUseCase];

@Module({
  imports: [TypeOrmModule.forFeature([ApiKeyEntity, IdentityEntity]), AuditModule],
  // The repository is exported for four-eyes checks elsewhere (who issued whose keys).
  providers: [ApiKeyRepository, ...USE_CASES],
  exports: [ApiKeyRepository, ...USE_CASES],
})
export class AuthModule {}
