export * from './composed-output';
export * from './channel-composer';
export * from './message-composer';
export * from './composer.module';
export * from './asset-inliner';
export * from './standalone-composer';
