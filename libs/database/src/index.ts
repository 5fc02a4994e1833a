export { createPool, guardConnections, type ConnectionLostListener, type PoolOptions } from './create-pool';
export { checkDatabase, DatabaseUnavailableError } from './check-database';
export { withTransaction, type IsolationLevel } from './with-transaction';
export { runMigrations, MigrationError, type RunMigrationsOptions } from './run-migrations';
export type { MigrationClass, MigrationContext, MigrationsFactory } from './migration-types';
export { withDatabaseName, withCredentials, databaseName } from './database-url';
export { assertIdentifier, InvalidIdentifierError, quoteIdent } from './identifiers';
export { sqlMigration } from './sql-migration';
export { createServicePool, DATABASE_POOL } from './service-pool';
export { SERVICE_NAMES, OWNER_ROLE, appRoleFor, type ServiceName } from './services';
export { Backoff, DEFAULT_BACKOFF, sleep, type BackoffOptions } from './retry/backoff';
export { isTransientError } from './retry/transient-errors';
export {
  classifyFailure,
  DEFAULT_CONFLICT_ATTEMPTS,
  DEFAULT_RETRY_POLICY,
  isVersionConflict,
  retryOnConflict,
  retryPolicy,
  RetryAttempts,
  type FailureKind,
  type RetryPolicy,
  type RetryStep,
} from './retry/retry-policy';
