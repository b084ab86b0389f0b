import { DynamicModule, Module } from '@nestjs/common';
import { ActionsModule } from '@app/actions';
import { AuditKeysModule } from '@app/audit';
import { ConfigModule } from '@app/config';
import { JobsModule } from '@app/jobs';
import { PersistenceModule } from '@app/persistence';
import { PlatformRuntime } from './platform-runtime';

/** The foundation every process stands on: configuration, database, jobs and action links. */
@Module({})
export class PlatformModule {
  static forRoot(runtime: PlatformRuntime): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        ConfigModule.forRoot(runtime.config),
        PersistenceModule.forRoot({ url: runtime.databaseUrl }),
        JobsModule,
        AuditKeysModule.forRoot(runtime.auditKeys),
        ActionsModule.forRoot({
          publicUrl: runtime.config.publicUrl,
          signingSecret: runtime.signingSecret,
          previousSecrets: runtime.config.actionLinks.previousSecrets,
          lifetime: runtime.config.actionLinks,
        }),
      ],
    };
  }
}
