/** The broker list from `KAFKA_BROKERS` (comma list); the pinned default is the local KRaft broker. */
export const DEFAULT_KAFKA_BROKERS = '127.0.0.1:9092';

export function parseBrokers(value: string | undefined): string[] {
  const brokers = (value ?? DEFAULT_KAFKA_BROKERS)
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
  return brokers.length > 0 ? brokers : [DEFAULT_KAFKA_BROKERS];
}
