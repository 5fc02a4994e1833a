import { Logger } from '@nestjs/common';
import { AppConfig } from '@rcrp/config';
import { Pool } from 'pg';

/** Injection token of the service's `pg.Pool` (app role, search_path = the service's schema). */
export const DATABASE_POOL = Symbol('DATABASE_POOL');

/**
 * The service's connection pool. Connecting is lazy, so a database that is down at some later moment makes
 * requests fail with 503 (and /health/ready say so) rather than crash the process.
 */
export function createServicePool(
  config: AppConfig,
  options: { max?: number; applicationName?: string } = {},
): Pool {
  const pool = new Pool({
    connectionString: config.database.url,
    options: `-c search_path=${config.database.schema}`,
    application_name: options.applicationName ?? `rcrp-${config.service}`,
    connectionTimeoutMillis: 2000,
    max: options.max ?? 10,
  });
  // Without a listener an idle connection dropped by a database restart would crash the whole process.
  const logger = new Logger('DatabasePool');
  pool.on('error', (error) => logger.warn(`idle database connection lost: ${error.message}`));
  return pool;
}
