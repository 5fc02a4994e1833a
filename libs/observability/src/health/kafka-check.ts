import { Kafka, logLevel } from 'kafkajs';
import { withTimeout } from './database-check';
import { HealthCheck } from './health-check';

/**
 * Asks the cluster for its metadata with a throw-away admin client that never retries, so a stopped broker is
 * reported within `timeoutMs` instead of after kafkajs' reconnect back-off (which is right for producers and
 * consumers, wrong for a health probe). Written over kafkajs directly; libs/messaging's `checkKafka` can replace it.
 */
export async function pingKafka(brokers: readonly string[], timeoutMs: number): Promise<{ brokers: number }> {
  const kafka = new Kafka({
    clientId: 'rcrp-health',
    brokers: [...brokers],
    connectionTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  try {
    const cluster = await withTimeout(
      admin.connect().then(() => admin.describeCluster()),
      timeoutMs,
      `Kafka (${brokers.join(',')})`,
    );
    return { brokers: cluster.brokers.length };
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

export function kafkaHealthCheck(brokers: readonly string[], timeoutMs = 1500): HealthCheck {
  return { name: 'kafka', timeoutMs: timeoutMs + 500, check: () => pingKafka(brokers, timeoutMs) };
}
