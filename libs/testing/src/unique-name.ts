import { randomBytes } from 'node:crypto';

/**
 * A name no other test run will pick, valid both as a SQL identifier and as a Kafka topic/group name:
 * tests of several engineers and CI share one PostgreSQL and one broker.
 */
export function uniqueName(prefix: string, separator = '_'): string {
  const safePrefix = prefix
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .replace(/^([^a-z_])/, '_$1');
  return `${safePrefix}${separator}${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
}
