import { Kafka, logLevel, type Consumer, type KafkaMessage } from 'kafkajs';
import { randomBytes } from 'node:crypto';

/** Local stand-ins for @rcrp/testing's Kafka helpers: unique topics, fast consumer settings, message collection. */
export function testKafka(): Kafka {
  return new Kafka({
    clientId: 'rcrp-messaging-test',
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    logLevel: logLevel.NOTHING,
    retry: { retries: 3, initialRetryTime: 100 },
  });
}

export const FAST_CONSUMER = {
  sessionTimeout: 6000,
  heartbeatInterval: 500,
  rebalanceTimeout: 3000,
  maxWaitTimeInMs: 100,
  retry: { retries: 3, initialRetryTime: 100 },
};

export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now()}-${randomBytes(3).toString('hex')}`;
}

/** Creates `topic` (and its `.dlq`) with `partitions` partitions. */
export async function createTopics(kafka: Kafka, topics: string[], partitions = 3): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: topics.map((topic) => ({ topic, numPartitions: partitions })),
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}

export async function deleteTopics(kafka: Kafka, topics: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics }).catch(() => undefined);
  await admin.disconnect();
}

export interface Collected {
  partition: number;
  message: KafkaMessage;
}

/**
 * Reads `topic` from the beginning into an array (a throw-away group); `stop()` when done.
 *
 * Each record is collected once, by (partition, offset): the collector's own group may rebalance on a loaded
 * machine and be handed records again, and that redelivery says nothing about the code under test. A record the
 * relay really published twice has two offsets, so it still shows up twice.
 */
export async function collectMessages(
  kafka: Kafka,
  topic: string,
): Promise<{ messages: Collected[]; stop: () => Promise<void> }> {
  const messages: Collected[] = [];
  const seen = new Set<string>();
  const consumer: Consumer = kafka.consumer({ groupId: uniqueName('collect'), ...FAST_CONSUMER });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const record = `${partition}:${message.offset}`;
      if (seen.has(record)) return;
      seen.add(record);
      messages.push({ partition, message });
    },
  });
  await joined;
  return { messages, stop: () => consumer.disconnect() };
}

/** How many records `topic` holds, summed over its partitions (high watermarks; test topics are never trimmed). */
export async function recordCount(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, { high }) => sum + Number(high), 0);
  } finally {
    await admin.disconnect();
  }
}

/**
 * True when `groupId` has committed, on every partition of `topic`, the offset after its last record: every
 * record was handled. Counting handled records instead would be fooled by a rebalance's harmless redelivery.
 */
export async function groupCaughtUp(kafka: Kafka, groupId: string, topic: string): Promise<boolean> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [ends, [committed]] = await Promise.all([
      admin.fetchTopicOffsets(topic),
      admin.fetchOffsets({ groupId, topics: [topic] }),
    ]);
    const committedBy = new Map(committed.partitions.map((p) => [p.partition, Number(p.offset)]));
    return ends.every(({ partition, high }) => Math.max(0, committedBy.get(partition) ?? 0) >= Number(high));
  } finally {
    await admin.disconnect();
  }
}

export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
