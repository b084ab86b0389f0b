export * from './preview-request';
export * from './preview-result';
export * from './preview-template.use-case';
export * from './previews.module';
