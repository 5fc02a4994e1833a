import { Pool, type PoolClient } from 'pg';
import { assertIdentifier } from './identifiers';

export interface PoolOptions {
  /** postgres:// URL of the role to connect as (a service's app role, or the owner for migrations). */
  url: string;
  /** Unqualified table names resolve here, and only here (no fallback to `public`). */
  schema: string;
  /** What the connections are for (`rcrp-intake-background`): PostgreSQL's `application_name` and every log line. */
  applicationName?: string;
  max?: number;
  /** How long a query may wait for a free connection before failing (ms). */
  connectionTimeoutMs?: number;
  /** Where a lost connection is reported; default: one JSON line on stderr. */
  onConnectionLost?: ConnectionLostListener;
}

/** Told once per connection that PostgreSQL dropped (a restart, a failover, an administrator). */
export type ConnectionLostListener = (lost: {
  purpose: string;
  code: string | null;
  message: string;
}) => void;

const stderrListener: ConnectionLostListener = ({ purpose, code, message }) =>
  process.stderr.write(
    `${JSON.stringify({ level: 'warn', logger: 'database.pool', msg: `database connection lost (${purpose})`, code, error: message })}\n`,
  );

/**
 * A connection pool whose every connection has `search_path=<schema>`, set at connect time through the
 * startup `options`, so it holds for every statement without a per-checkout SET. Connecting is lazy.
 *
 * Every connection the pool makes has an `'error'` listener for its whole life. pg-pool listens only while a
 * connection is idle: a checked-out one (a transaction between two statements, a LISTEN session, a lock holder)
 * that PostgreSQL terminates (57P01 on restart) emits `'error'` with nobody listening, and Node ends the process
 * (issue 21). With the listener the loss is logged once with its purpose; the connection is no longer queryable,
 * so its next query fails as a transient error (HTTP 503, consumer retry) and the pool discards it on release and
 * connects anew on next use.
 */
export function createPool(options: PoolOptions): Pool {
  const schema = assertIdentifier(options.schema, 'schema');
  const purpose = options.applicationName ?? 'rcrp';
  const pool = new Pool({
    connectionString: options.url,
    options: `-c search_path=${schema}`,
    application_name: purpose,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
    keepAlive: true,
  });
  guardConnections(pool, purpose, options.onConnectionLost ?? stderrListener);
  return pool;
}

/** Gives every connection of `pool` a lifelong `'error'` listener (see `createPool`); reports each loss once. */
export function guardConnections(pool: Pool, purpose: string, onLost: ConnectionLostListener): void {
  const reported = new WeakSet<object>();
  const report = (client: object | undefined, error: Error & { code?: unknown }): void => {
    if (client) {
      if (reported.has(client)) return;
      reported.add(client);
    }
    onLost({ purpose, code: typeof error.code === 'string' ? error.code : null, message: error.message });
  };
  pool.on('connect', (client: PoolClient) => {
    client.on('error', (error: Error) => report(client, error));
  });
  // The pool re-emits an idle connection's error; the client listener above has already reported it.
  pool.on('error', (error: Error, client?: PoolClient) => report(client, error));
}
