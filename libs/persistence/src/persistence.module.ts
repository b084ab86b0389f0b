import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

/** Injection token for the connection string of the platform's database. */
export const DATABASE_URL = Symbol('DATABASE_URL');

export interface PersistenceOptions {
  readonly url: string;
  /** Connections per process; API and worker processes share one server. */
  readonly poolSize?: number;
}

/**
 * TypeORM on PostgreSQL. Entities are registered by each capability's own
 * `TypeOrmModule.forFeature([...])`; the schema comes only from migrations.
 */
@Global()
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
          // The runtime role may not create extensions, and needs none: the
          // migrations use gen_random_uuid(), built into PostgreSQL.
          installExtensions: false,
          logging: false,
          extra: { max: options.poolSize ?? 10, application_name: 'ccm' },
        }),
      ],
      providers: [{ provide: DATABASE_URL, useValue: options.url }],
      exports: [DATABASE_URL],
    };
  }
}
