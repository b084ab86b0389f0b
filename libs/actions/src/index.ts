export * from './action-links';
export * from './actions.module';
