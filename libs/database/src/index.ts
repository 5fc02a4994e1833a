export { createPool, guardConnections, type ConnectionLostListener, type PoolOptions } from './create-pool';
export { checkDatabase, DatabaseUnavailableError } from './check-database';
export { withTransaction, type IsolationLevel } from './with-transaction';
export { runMigrations, MigrationError, type RunMigrationsOptions } from './run-migrations';
export type { MigrationClass, MigrationContext, MigrationsFactory } from './migration-types';
export { withDatabaseName, withCredentials, databaseName } from './database-url';
export { assertIdentifier, InvalidIdentifierError } from './identifiers';
export { SERVICE_NAMES, OWNER_ROLE, appRoleFor, type ServiceName } from './services';
