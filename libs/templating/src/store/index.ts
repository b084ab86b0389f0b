export * from './template.entity';
export * from './template-version.entity';
export * from './template-store';
