import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AssetsModule } from '@app/assets';
import { AuditModule } from '@app/audit';
import { AuthModule } from '@app/auth';
import { DocumentsModule } from '@app/documents';
import { GovernanceModule } from '@app/governance';
import { PlatformModule, PlatformRuntime } from '@app/platform';
import { PreviewsModule } from '@app/previews';
import { TemplatingModule } from '@app/templating';
import { WorkerModule } from '../../worker/src/worker.module';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { AssetsController } from './assets/assets.controller';
import { AuditController } from './audit/audit.controller';
import { BlocksController } from './blocks/blocks.controller';
import { ApiKeyGuard } from './auth/api-key.guard';
import { AuthFailureThrottle } from './auth/auth-failure.throttle';
import { DocumentsController } from './documents/documents.controller';
import { FirstStartSetup } from './first-start.setup';
import { HealthController } from './health/health.controller';
import { PreviewsController } from './previews/previews.controller';
import { ReviewsController } from './templates/reviews.controller';
import { TemplatesController } from './templates/templates.controller';

@Module({})
export class ApiModule {
  /** The HTTP API, plus the worker when this process also runs jobs (`npm start`). */
  static register(runtime: PlatformRuntime): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        PlatformModule.forRoot(runtime),
        AuthModule,
        TemplatingModule,
        AssetsModule,
        DocumentsModule,
        AuditModule,
        GovernanceModule,
        PreviewsModule,
        ...(runtime.config.processes.has('worker') ? [WorkerModule] : []),
      ],
      controllers: [HealthController, ApiKeysController, DocumentsController, TemplatesController, ReviewsController, BlocksController, AssetsController, AuditController, PreviewsController],
      providers: [AuthFailureThrottle, { provide: APP_GUARD, useClass: ApiKeyGuard }, FirstStartSetup],
    };
  }
}
