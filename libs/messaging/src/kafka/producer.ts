import {
  Partitioners,
  type ICustomPartitioner,
  type Kafka,
  type Message,
  type Producer,
  type ProducerBatch,
  type RecordMetadata,
} from 'kafkajs';

/**
 * The only producer the system uses. Idempotent with one request in flight, so retries after a lost
 * acknowledgement never duplicate or reorder a message within a partition; kafkajs then sends with
 * acks=-1 (all in-sync replicas) and refuses any other acks value. The Java-compatible murmur2
 * partitioner keeps an incidentId on the same partition number in every topic, whoever produced it.
 */
export function createIdempotentProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: recordingPartitioner,
    allowAutoTopicCreation: false,
  });
}

/** kafkajs' send defaults to acks=-1 already; stated for readers of send calls. */
export const ACKS_ALL = -1;

/** The partition the producer's partitioner chose for each message (on its last attempt); see sendAcknowledged. */
const chosenPartition = new WeakMap<Message, number>();

/** kafkajs' Java-compatible murmur2 partitioner, remembering what it chose for each message. */
const recordingPartitioner: ICustomPartitioner = () => {
  const partitioner = Partitioners.DefaultPartitioner();
  return (args) => {
    const partition = partitioner(args);
    chosenPartition.set(args.message, partition);
    return partition;
  };
};

/** A batch kafkajs reported sent although a partition of it was never acknowledged; nothing of it is relied on. */
export class UnacknowledgedBatchError extends Error {
  override readonly name = 'UnacknowledgedBatchError';
}

/**
 * `producer.sendBatch`, trusted only when every partition it carried a message to answered without error. kafkajs
 * 2.2.4 can resolve a batch whose messages for one partition were never written: when a leader fails mid-batch it
 * retries only the brokers that have not answered yet, so a partition whose new leader had already answered for
 * other partitions is skipped (issue 20's broker-failure test lost a report that way). Then this throws, and the
 * caller sends the whole batch again (the relay resends from its checkpoint; consumers deduplicate). The producer
 * must come from createIdempotentProducer, whose partitioner records where each message went.
 */
export async function sendAcknowledged(producer: Producer, batch: ProducerBatch): Promise<RecordMetadata[]> {
  const written = await producer.sendBatch(batch);
  const acknowledged = new Set(
    written.filter((entry) => entry.errorCode === 0).map((entry) => `${entry.topicName}|${entry.partition}`),
  );
  const missing = new Set<string>();
  for (const { topic, messages } of batch.topicMessages ?? []) {
    for (const message of messages) {
      const partition = chosenPartition.get(message);
      if (partition === undefined || !acknowledged.has(`${topic}|${partition}`))
        missing.add(`${topic}[${partition ?? '?'}]`);
    }
  }
  if (missing.size > 0) {
    throw new UnacknowledgedBatchError(
      `the producer reported the batch sent, but ${[...missing].join(', ')} never acknowledged it`,
    );
  }
  return written;
}
