import { Logger } from '@nestjs/common';
import { AppConfig } from '@rcrp/config';
import { createPool } from './create-pool';
import type { Pool } from 'pg';

/** Injection token of the service's `pg.Pool` (app role, search_path = the service's schema). */
export const DATABASE_POOL = Symbol('DATABASE_POOL');

/**
 * A pool of the service's app role. Connecting is lazy, so a database that is down at some later moment makes
 * requests fail with 503 (and /health/ready say so) rather than crash the process; a connection PostgreSQL drops
 * is logged once with its purpose and replaced on next use (`createPool`).
 */
export function createServicePool(
  config: AppConfig,
  options: { max?: number; applicationName?: string } = {},
): Pool {
  const logger = new Logger('DatabasePool');
  return createPool({
    url: config.database.url,
    schema: config.database.schema,
    applicationName: options.applicationName ?? `rcrp-${config.service}`,
    connectionTimeoutMs: 2000,
    max: options.max ?? 10,
    onConnectionLost: ({ purpose, code }) =>
      logger.warn(
        `database connection lost (${purpose}${code ? `, ${code}` : ''}); it is replaced on next use`,
      ),
  });
}
