import { Kafka, logLevel } from 'kafkajs';
import { kafkaOptionsOf } from './create-kafka';

export class KafkaUnavailableError extends Error {
  override readonly name = 'KafkaUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * kafkajs retries connections with the client's retry schedule, whatever the admin's own settings, and keeps
 * retrying after the caller gave up. A probe therefore uses its own client over the same brokers with no
 * retries and a connection timeout within the budget, so a failed check leaves nothing running behind it.
 */
function probeClient(kafka: Kafka, timeoutMs: number): Kafka {
  const options = kafkaOptionsOf(kafka);
  if (!options) return kafka; // not made by createKafka: brokers unknown, probe with the client as it is
  return new Kafka({
    clientId: `${options.clientId}-probe`,
    brokers: [...options.brokers],
    connectionTimeout: Math.min(options.connectionTimeoutMs ?? 3_000, timeoutMs),
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
}

/**
 * Resolves when a broker answers a metadata request within `timeoutMs`, rejects with KafkaUnavailableError
 * otherwise, in about `timeoutMs` at most (for readiness checks: never hangs when the broker is down).
 */
export async function checkKafka(kafka: Kafka, timeoutMs = 2_000): Promise<void> {
  const admin = probeClient(kafka, timeoutMs).admin({ retry: { retries: 0 } });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new KafkaUnavailableError(`Kafka did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([admin.connect().then(() => admin.describeCluster()), timeout]);
  } catch (error) {
    if (error instanceof KafkaUnavailableError) throw error;
    throw new KafkaUnavailableError(`Kafka unavailable: ${(error as Error).message}`, { cause: error });
  } finally {
    clearTimeout(timer);
    await admin.disconnect().catch(() => undefined);
  }
}
