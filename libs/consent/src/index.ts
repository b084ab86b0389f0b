export * from './channel-consent.entity';
export * from './channel-consent.repository';
export * from './change-channel-consent.use-case';
export * from './list-channel-consents.use-case';
export * from './consent.module';
