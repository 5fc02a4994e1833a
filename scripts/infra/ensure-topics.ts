/**
 * Creates every topic of DESIGN §1 and its dead-letter topic, with KAFKA_PARTITIONS partitions (default 6), each
 * partition on KAFKA_REPLICATION_FACTOR brokers (default 1; 3 on the KAFKA_CLUSTER=3 cluster, with
 * min.insync.replicas=2 so an acks=all write is on two brokers before it is acknowledged).
 * Idempotent: existing topics are kept; a partition count that differs is reported, never changed.
 *
 *   npx ts-node --transpile-only -r tsconfig-paths/register scripts/infra/ensure-topics.ts
 */
import { ALL_TOPICS, deadLetterTopic } from '@rcrp/events';
import { createKafka, ensureTopics, parseBrokers, type TopicSpec } from '@rcrp/messaging';

/** Every topic is evidence or the replay source, and a dead letter is a record not yet processed: keep all forever. */
const KEEP_FOREVER = { 'retention.ms': '-1' };

export function systemTopics(replicationFactor = 1): TopicSpec[] {
  // Replicated three ways, a write must reach two copies: one broker can stop and nothing acknowledged is lost.
  const configs = replicationFactor >= 3 ? { ...KEEP_FOREVER, 'min.insync.replicas': '2' } : KEEP_FOREVER;
  return ALL_TOPICS.flatMap((topic) => [
    { topic, configs },
    { topic: deadLetterTopic(topic), configs },
  ]);
}

export function replicationFactorFromEnv(value = process.env.KAFKA_REPLICATION_FACTOR): number {
  const factor = Number(value ?? '1');
  if (!Number.isInteger(factor) || factor < 1) {
    throw new Error(`KAFKA_REPLICATION_FACTOR must be a positive integer, got "${value}"`);
  }
  return factor;
}

export function partitionsFromEnv(value = process.env.KAFKA_PARTITIONS): number {
  const partitions = Number(value ?? '6');
  if (!Number.isInteger(partitions) || partitions < 1) {
    throw new Error(`KAFKA_PARTITIONS must be a positive integer, got "${value}"`);
  }
  return partitions;
}

/**
 * Right after a broker starts, or a topic is created, metadata can lag for a moment ("This server does not
 * host this topic-partition"). ensureTopics is idempotent, so the whole step is simply tried again.
 */
async function ensureTopicsPatiently<T>(attempt: () => Promise<T>, attempts = 10): Promise<T> {
  for (let round = 1; ; round += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (round >= attempts) throw error;
      console.log(`[topics] ${(error as Error).message}; retrying (${round}/${attempts - 1})`);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}

async function main(): Promise<void> {
  const partitions = partitionsFromEnv();
  const replicationFactor = replicationFactorFromEnv();
  const brokers = parseBrokers(process.env.KAFKA_BROKERS);
  const admin = createKafka({ brokers, clientId: 'rcrp-ensure-topics' }).admin();
  await admin.connect();
  try {
    const result = await ensureTopicsPatiently(() =>
      ensureTopics(admin, systemTopics(replicationFactor), partitions, replicationFactor),
    );
    for (const topic of result.created)
      console.log(
        `[topics] created ${topic} (${partitions} partitions, replication factor ${replicationFactor}, retention.ms=-1)`,
      );
    if (result.existing.length > 0) console.log(`[topics] ${result.existing.length} topics already exist`);
    for (const mismatch of result.partitionMismatches) {
      console.warn(
        `[topics] WARNING: ${mismatch.topic} has ${mismatch.actual} partitions, KAFKA_PARTITIONS is ${mismatch.expected}; ` +
          'topics must stay co-partitioned, so it was left unchanged (recreate it deliberately if that is intended)',
      );
    }
  } finally {
    await admin.disconnect();
  }
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(`[topics] ERROR: ${error.message}`);
    process.exit(1);
  });
}
