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
import { AcceptInvitationUseCase } from './people/accept-invitation.use-case';
import { AuthenticateSessionUseCase } from './people/authenticate-session.use-case';
import { BootstrapFirstAdminUseCase } from './people/bootstrap-first-admin.use-case';
import { InvitationRepository } from './people/invitation.repository';
import { InviteUserUseCase } from './people/invite-user.use-case';
import { ListUsersUseCase } from './people/list-users.use-case';
import { LogInUseCase } from './people/log-in.use-case';
import { LogOutUseCase } from './people/log-out.use-case';
import { SessionStarter } from './people/session-starter';
import { SessionRepository } from './people/session.repository';
import { UpdateUserUseCase } from './people/update-user.use-case';
import { UserCreator } from './people/user-creator';
import { UserRepository } from './people/user.repository';

const USE_CASES = [
  IssueApiKeyUseCase,
  AuthenticateApiKeyUseCase,
  ListApiKeysUseCase,
  RevokeApiKeyUseCase,
  BootstrapAdminKeyUseCase,
  LogInUseCase,
  AuthenticateSessionUseCase,
  LogOutUseCase,
  BootstrapFirstAdminUseCase,
  InviteUserUseCase,
  AcceptInvitationUseCase,
  ListUsersUseCase,
  UpdateUserUseCase,
];
const PEOPLE = [UserRepository, SessionRepository, InvitationRepository, SessionStarter, UserCreator];

@Module({
  imports: [TypeOrmModule.forFeature([ApiKeyEntity, IdentityEntity]), AuditModule],
  // The repository is exported for four-eyes checks elsewhere (who issued whose keys).
  providers: [ApiKeyRepository, ...PEOPLE, ...USE_CASES],
  exports: [ApiKeyRepository, ...USE_CASES],
})
export class AuthModule {}
