export * from './asset-reference';
export * from './asset-uses';
