export * from './database-check';
export * from './dependencies.module';
export * from './health-check';
export * from './health-registry';
export * from './health.controller';
export * from './health.module';
export * from './kafka-check';
export * from './lag-checks';
