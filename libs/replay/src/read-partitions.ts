import type { Kafka, KafkaMessage } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import type { PartitionRange } from './partition-ranges';

export type RangeMessageHandler = (range: PartitionRange, message: KafkaMessage) => void;
/** Awaited after each fetched batch: where the reader may do slow work (write a sorted run) with the fetch paused. */
export type BatchEndHandler = () => Promise<void>;

/**
 * Reads exactly the planned offsets of every partition with a throw-away consumer group that never commits, so
 * the services' committed offsets are never touched; the group is deleted at the end. Resolves when every
 * range has been read to its end.
 */
export async function readPartitionRanges(
  kafka: Kafka,
  ranges: readonly PartitionRange[],
  onMessage: RangeMessageHandler,
  onBatchEnd: BatchEndHandler = async () => undefined,
): Promise<void> {
  const active = new Map<string, PartitionRange>();
  for (const range of ranges)
    if (range.end > range.start) active.set(`${range.topic}:${range.partition}`, range);
  if (active.size === 0) return;

  const topics = [...new Set(ranges.map((range) => range.topic))];
  const groupId = `rcrp-replay-${randomUUID()}`;
  const consumer = kafka.consumer({
    groupId,
    maxBytes: 4 * 1024 * 1024,
    maxBytesPerPartition: 1024 * 1024,
    sessionTimeout: 30_000,
  });
  const admin = kafka.admin();
  let finish!: () => void;
  let fail!: (error: Error) => void;
  const done = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const crashed = consumer.on(consumer.events.CRASH, (event) => fail(event.payload.error));

  try {
    await admin.connect();
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: true,
      eachBatch: async ({ batch }) => {
        const key = `${batch.topic}:${batch.partition}`;
        const range = active.get(key);
        if (!range) {
          consumer.pause([{ topic: batch.topic, partitions: [batch.partition] }]);
          return;
        }
        for (const message of batch.messages) {
          const offset = BigInt(message.offset);
          if (offset < range.start) continue;
          if (offset >= range.end) break;
          onMessage(range, message);
        }
        await onBatchEnd();
        // A range ends at its planned end even if the last offsets are not data records (e.g. control records).
        if (BigInt(batch.lastOffset()) + 1n >= range.end) {
          active.delete(key);
          consumer.pause([{ topic: batch.topic, partitions: [batch.partition] }]);
          if (active.size === 0) finish();
        }
      },
    });
    for (const range of active.values())
      consumer.seek({ topic: range.topic, partition: range.partition, offset: range.start.toString() });
    await done;
  } finally {
    crashed();
    await consumer.disconnect().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}
