/**
 * The messaging loops' transactions are the shared `withTransaction` of @rcrp/database (COMMIT on success,
 * ROLLBACK and rethrow on failure, a connection whose ROLLBACK failed destroyed rather than reused).
 */
export { withTransaction as inTransaction } from '@rcrp/database';
