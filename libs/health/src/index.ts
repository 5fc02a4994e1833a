export * from './health-check';
export * from './health-registry';
export * from './health.controller';
export * from './health.module';
