export * from './tokens';
export * from './command-metadata';
export * from './command-handler';
export * from './event-sourcing.module';
export * from './outbox-relay.service';
export * from './request-metadata';
export * from './pseudonymiser';
