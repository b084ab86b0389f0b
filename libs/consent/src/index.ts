export * from './channel-consent.entity';
export * from './channel-consent.repository';
export * from './consent.module';
