export { PermanentError, describeError } from './errors';
export { consoleLogger, silentLogger, type MessagingLogger } from './logger';
export { DedicatedSession } from './session';
export { SessionAdvisoryLock } from './advisory-lock';
export { CommitNotifications, HeldBackRecheck } from './notifications';
export { messagingMigrations } from './migrations';
export {
  compareCheckpoints,
  type AllEventsReader,
  type FeedEvent,
  type GlobalCheckpoint,
  type ReadAllResult,
} from './relay/event-source';
export { RelayCheckpoints } from './relay/relay-checkpoints';
export { toKafkaMessage } from './relay/to-kafka-message';
export {
  OutboxRelay,
  type OutboxRelayOptions,
  type RelayBacklog,
  type RelayState,
  type RelayStatus,
} from './relay/outbox-relay';
export {
  ConsumerRunner,
  type ConsumerRunnerOptions,
  type ConsumerRunnerStats,
  type EnvelopeHandling,
  type PartitionLag,
  type RawHandling,
  type RecordPosition,
} from './consumer/consumer-runner';
export {
  envelopeDecoder,
  formatErrors,
  parseJson,
  validateEnvelopeBasic,
  type DecodeOutcome,
  type DecodeStage,
  type EnvelopeValidator,
  type FieldError,
  type MessageDecoder,
} from './consumer/decoding';
export { claimInboxEntry, inboxIdForKey } from './consumer/inbox';
export {
  deadLetterPosition,
  HELD_DURING_RELEASE_REASON,
  IncidentParking,
  parkedIncidentOf,
  type ParkedIncident,
} from './consumer/parking';
export {
  DEAD_LETTER_REASONS,
  deadLetterCategoryOf,
  publishDeadLetter,
  type DeadLetterCategory,
  type DeadLetterReason,
  type DeadLetterStage,
  type DeadLetterWritten,
} from './consumer/dead-letters';
export type { MessageMeta } from './consumer/message-meta';
export type { ConsumeTracing, PublishSpan, PublishTracing } from './tracing-hooks';
export * from './kafka';
export * from './dlq';
