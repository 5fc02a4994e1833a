import type { Kafka } from 'kafkajs';
import { logLevel } from 'kafkajs';
import { createKafka, parseBrokers } from '@rcrp/messaging';

/** The owner URL of the test database (set by load-test-env.ts, overridable). */
export function testOwnerUrl(): string {
  return process.env.DATABASE_OWNER_URL ?? 'postgres://rcrp_owner:rcrp_owner@127.0.0.1:5432/rcrp_test';
}

/** A kafkajs client for the test broker; quiet (a test that fails says why itself) and quick to give up. */
export function testKafka(clientId = 'rcrp-test'): Kafka {
  return createKafka({
    brokers: parseBrokers(process.env.KAFKA_BROKERS),
    clientId,
    logLevel: logLevel.NOTHING,
    retry: { initialRetryTime: 100, retries: 5 },
  });
}
