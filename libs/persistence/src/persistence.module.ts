import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

export interface PersistenceOptions {
  readonly url: string;
  /** Connections per process; API and worker processes share one server. */
  readonly poolSize?: number;
}

/**
 * TypeORM on PostgreSQL. Entities are registered by each capability's own
 * `TypeOrmModule.forFeature([...])`; the schema comes only from migrations.
 */
@Module({})
export class PersistenceModule {
  static forRoot(options: PersistenceOptions): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: options.url,
          autoLoadEntities: true,
          synchronize: false,
          migrationsRun: false,
          logging: false,
          extra: { max: options.poolSize ?? 10, application_name: 'ccm' },
        }),
      ],
    };
  }
}
