export * from './database';
export * from './embedded-postgres.server';
export * from './migrator';
export * from './persistence.module';
export * from './runtime-role';
