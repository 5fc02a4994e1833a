import type { AppConfig } from '@rcrp/config';
import { databaseName } from '@rcrp/database';

/**
 * The Kafka consumer group of one of a service's consumers. It names the database and schema the effects go to,
 * because the group's committed offsets describe exactly that store: a fresh schema (a rebuild, a test) gets a
 * fresh group that reads the topic from the beginning, and a running system (`rcrp`) never shares partitions with
 * the tests (`rcrp_test`) on the same broker.
 */
export function consumerGroupId(config: Pick<AppConfig, 'service' | 'database'>, purpose: string): string {
  return `rcrp-${config.service}.${databaseName(config.database.url)}.${config.database.schema}.${purpose}`;
}
