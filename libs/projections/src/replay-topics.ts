import type { ConsumerConfig, Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@rcrp/events';
import { envelopeDecoder, formatErrors, type MessageDecoder } from '@rcrp/messaging';

export interface ReplayTopicsOptions {
  kafka: Kafka;
  topics: string[];
  /** Defaults to the basic envelope decoder; a record that does not decode stops the replay (it is a bug to fix, not to skip). */
  decode?: MessageDecoder<EventEnvelope>;
  consumerConfig?: Omit<ConsumerConfig, 'groupId'>;
}

/**
 * Reads topics from the earliest offset up to the high watermarks seen at the start, with a throw-away
 * consumer group that never commits (the service's own group offsets are untouched), and yields the events
 * in partition order. The source for rebuilding a consumed-topic projection and for the replay CLI.
 */
export async function* replayTopics(options: ReplayTopicsOptions): AsyncGenerator<EventEnvelope> {
  const { kafka, topics } = options;
  const decode = options.decode ?? envelopeDecoder();
  const admin = kafka.admin();
  await admin.connect();
  const remaining = new Map<string, bigint>(); // `${topic}:${partition}` -> last offset to read
  for (const topic of topics) {
    for (const partition of await admin.fetchTopicOffsets(topic)) {
      const high = BigInt(partition.high);
      if (high > BigInt(partition.low)) remaining.set(`${topic}:${partition.partition}`, high - 1n);
    }
  }
  const groupId = `rcrp-replay-${randomUUID()}`;
  if (remaining.size === 0) {
    await admin.disconnect();
    return;
  }

  const queue: EventEnvelope[] = [];
  let failure: Error | null = null;
  // Held in an object: the callbacks are set and cleared from both the consumer and the reader side.
  const signals: { wake: (() => void) | null; drained: (() => void) | null } = { wake: null, drained: null };
  const notify = (): void => {
    signals.wake?.();
    signals.wake = null;
  };
  const consumer = kafka.consumer({ ...options.consumerConfig, groupId });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ topic, partition, message }) => {
      const id = `${topic}:${partition}`;
      const last = remaining.get(id);
      if (last === undefined || BigInt(message.offset) > last) return;
      const decoded = decode(message.value, message.headers ?? {});
      if (!decoded.ok) {
        failure = new Error(
          `${topic}/${partition}@${message.offset} does not decode: ${formatErrors(decoded.errors)}`,
        );
      } else {
        queue.push(decoded.value);
      }
      if (BigInt(message.offset) >= last) remaining.delete(id);
      notify();
      // Back-pressure: let the reader drain before fetching more.
      if (queue.length >= 1000) await new Promise<void>((resolve) => (signals.drained = resolve));
    },
  });
  try {
    for (;;) {
      while (queue.length > 0) {
        yield queue.shift()!;
        if (queue.length === 0) {
          signals.drained?.();
          signals.drained = null;
        }
      }
      if (failure) throw failure;
      if (remaining.size === 0 && queue.length === 0) return;
      await new Promise<void>((resolve) => (signals.wake = resolve));
    }
  } finally {
    signals.drained?.();
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}
