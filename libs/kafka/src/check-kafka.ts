import type { Kafka } from 'kafkajs';

export class KafkaUnavailableError extends Error {
  override readonly name = 'KafkaUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * Resolves when a broker answers a metadata request within `timeoutMs`, rejects with KafkaUnavailableError
 * otherwise. For readiness checks: a throw-away admin with no retries, so a stopped broker is reported in
 * about the connection timeout instead of after kafkajs' retry schedule, and nothing keeps retrying after.
 */
export async function checkKafka(kafka: Kafka, timeoutMs = 2_000): Promise<void> {
  const admin = kafka.admin({ retry: { retries: 0 } });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new KafkaUnavailableError(`Kafka did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([
      (async () => {
        await admin.connect();
        await admin.describeCluster();
      })(),
      timeout,
    ]);
  } catch (error) {
    if (error instanceof KafkaUnavailableError) throw error;
    throw new KafkaUnavailableError(`Kafka unavailable: ${(error as Error).message}`, { cause: error });
  } finally {
    clearTimeout(timer);
    await admin.disconnect().catch(() => undefined);
  }
}
