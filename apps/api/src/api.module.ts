import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthModule } from '@app/auth';
import { DocumentsModule } from '@app/documents';
import { PlatformModule, PlatformRuntime } from '@app/platform';
import { TemplatingModule } from '@app/templating';
import { WorkerModule } from '../../worker/src/worker.module';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { ApiKeyGuard } from './auth/api-key.guard';
import { DocumentsController } from './documents/documents.controller';
import { FirstStartSetup } from './first-start.setup';
import { HealthController } from './health/health.controller';

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
        DocumentsModule,
        ...(runtime.config.processes.has('worker') ? [WorkerModule] : []),
      ],
      controllers: [HealthController, ApiKeysController, DocumentsController],
      providers: [{ provide: APP_GUARD, useClass: ApiKeyGuard }, FirstStartSetup],
    };
  }
}
