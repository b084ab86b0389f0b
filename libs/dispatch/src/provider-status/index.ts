export * from './delivery-event.entity';
export * from './delivery-progress';
export * from './provider-status.repository';
export * from './apply-provider-status.use-case';
export * from './recipient-customers.repository';
export * from './provider-status.module';
