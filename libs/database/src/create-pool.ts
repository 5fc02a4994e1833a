import { Pool } from 'pg';
import { assertIdentifier } from './identifiers';

export interface PoolOptions {
  /** postgres:// URL of the role to connect as (a service's app role, or the owner for migrations). */
  url: string;
  /** Unqualified table names resolve here, and only here (no fallback to `public`). */
  schema: string;
  applicationName?: string;
  max?: number;
  /** How long a query may wait for a free connection before failing (ms). */
  connectionTimeoutMs?: number;
}

/**
 * A connection pool whose every connection has `search_path=<schema>`, set at connect time through the
 * startup `options`, so it holds for every statement without a per-checkout SET. Connecting is lazy.
 */
export function createPool(options: PoolOptions): Pool {
  const schema = assertIdentifier(options.schema, 'schema');
  const pool = new Pool({
    connectionString: options.url,
    options: `-c search_path=${schema}`,
    application_name: options.applicationName ?? 'rcrp',
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
  });
  // An idle connection killed by a database restart emits 'error' on the pool; unhandled, it ends the process.
  pool.on('error', (error) => {
    process.stderr.write(
      `${JSON.stringify({ level: 'warn', logger: 'database.pool', msg: `idle connection lost: ${error.message}` })}\n`,
    );
  });
  return pool;
}
