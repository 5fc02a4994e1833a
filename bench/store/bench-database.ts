import { randomBytes } from 'node:crypto';

/** Every subject gets a throw-away schema in `rcrp_test`, created and dropped by the owner role. */
export const OWNER_URL =
  process.env.BENCH_DATABASE_OWNER_URL ?? 'postgres://rcrp_owner:rcrp_owner@127.0.0.1:5432/rcrp_test';

/** Connections per subject: 16 writers plus one spare, the same for all three. */
export const POOL_SIZE = 17;

export function throwAwaySchema(prefix: string): string {
  return `bench_${prefix}_${randomBytes(3).toString('hex')}`;
}

/** The owner URL with `search_path` set, for libraries (Emmett) that create their tables in the current schema. */
export function urlWithSearchPath(url: string, schema: string): string {
  // encodeURIComponent, not URLSearchParams: pg decodes the space only from %20, not from '+'.
  const separator = url.includes('?') ? '&' : '?';
  return `${url}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}
