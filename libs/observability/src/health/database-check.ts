import type { Pool } from 'pg';
import { HealthCheck } from './health-check';

/**
 * `SELECT 1` through the service's own pool, bounded by `timeoutMs`: proves the server answers and the app role can
 * log in. Written over `pg` directly; libs/database's `checkDatabase` can replace the body once it settles.
 */
export async function pingDatabase(pool: Pool, timeoutMs: number): Promise<void> {
  await withTimeout(pool.query('SELECT 1'), timeoutMs, 'database');
}

export function databaseHealthCheck(pool: Pool, timeoutMs = 1500): HealthCheck {
  return { name: 'database', timeoutMs: timeoutMs + 500, check: () => pingDatabase(pool, timeoutMs) };
}

export async function withTimeout<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
