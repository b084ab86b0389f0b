export * from './channel';
export * from './locale';
export * from './recipient';
export * from './template-content';
export * from './block-content';
export * from './asset-reference';
export * from './canonical-json';
export * from './content-hash';
