export * from './action-link-expiry';
export * from './action-link-format';
export * from './action-link.entity';
export * from './action-links';
export * from './actions.module';
export * from './pay-action';
export * from './link-scanners';
