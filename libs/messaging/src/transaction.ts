import type { Pool, PoolClient } from 'pg';

/**
 * Runs `work` in one transaction on a pooled connection. A connection that broke is destroyed rather than
 * returned to the pool. (Local twin of `withTransaction` in @rcrp/database, kept here so the runner depends
 * only on pg.)
 */
export async function inTransaction<T>(pool: Pool, work: (tx: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
