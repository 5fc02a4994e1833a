export { DEFAULT_KAFKA_BROKERS, parseBrokers } from './brokers';
export { createKafka, kafkaOptionsOf, DEFAULT_RETRY, type KafkaOptions } from './create-kafka';
export { createIdempotentProducer, ACKS_ALL, sendAcknowledged, UnacknowledgedBatchError } from './producer';
export {
  ensureTopics,
  type TopicSpec,
  type EnsureTopicsResult,
  type PartitionMismatch,
} from './ensure-topics';
export { checkKafka, KafkaUnavailableError } from './check-kafka';
export { toHeaders, headerString, headersToRecord } from './headers';
export { jsonLogCreator } from './log-creator';
