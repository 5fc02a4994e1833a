import { Partitioners, type Kafka, type Producer } from 'kafkajs';

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
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
}

/** kafkajs' send defaults to acks=-1 already; stated for readers of send calls. */
export const ACKS_ALL = -1;
