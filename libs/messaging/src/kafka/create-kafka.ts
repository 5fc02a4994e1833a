import { Kafka, logLevel, type RetryOptions } from 'kafkajs';
import { jsonLogCreator } from './log-creator';

export interface KafkaOptions {
  brokers: readonly string[];
  clientId: string;
  /** kafkajs log level; WARN by default (INFO is a line per group join and connection). */
  logLevel?: logLevel;
  connectionTimeoutMs?: number;
  retry?: RetryOptions;
}

/**
 * Retries with backoff for roughly half a minute: long enough to ride out a broker restart or leader
 * election, short enough that a truly missing broker surfaces as an error instead of a hang.
 */
export const DEFAULT_RETRY: RetryOptions = { initialRetryTime: 300, maxRetryTime: 5_000, retries: 8 };

/** What each client was made from, so checkKafka can derive a no-retry probe client with the same brokers. */
const clientOptions = new WeakMap<Kafka, KafkaOptions>();

export function kafkaOptionsOf(kafka: Kafka): KafkaOptions | undefined {
  return clientOptions.get(kafka);
}

export function createKafka(options: KafkaOptions): Kafka {
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    logLevel: options.logLevel ?? logLevel.WARN,
    logCreator: jsonLogCreator,
    connectionTimeout: options.connectionTimeoutMs ?? 3_000,
    retry: options.retry ?? DEFAULT_RETRY,
  });
  clientOptions.set(kafka, options);
  return kafka;
}
