export * from './asset-uses';
