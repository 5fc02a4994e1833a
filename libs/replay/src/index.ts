export { parseReplayArgs, ReplayUsageError, REPLAY_HELP } from './cli-args';
export type {
  ReplayCommand,
  TopicReplayCommand,
  ProjectionReplayCommand,
  VerifyCommand,
  OutputFormat,
} from './cli-args';
export { compareOrderKeys, type OrderKey } from './event-order';
export { csvField, csvRow, flattenRecord, addColumnsOf, flattenToColumns } from './csv';
export {
  analystPseudonymiser,
  analystRecordOf,
  analystRecordOfOwned,
  type AnalystRecord,
} from './analyst-record';
export {
  planPartitionRanges,
  eventsInRanges,
  UnknownTopicError,
  type PartitionRange,
} from './partition-ranges';
export { readPartitionRanges, type RangeMessageHandler, type BatchEndHandler } from './read-partitions';
export { createProgress, type ReplayProgress } from './progress';
export {
  runTopicReplay,
  formatSummary,
  UNDECRYPTABLE,
  type TopicReplaySummary,
  type TopicReplayDependencies,
  type InvalidMessage,
  type PersonalDataReplay,
} from './topic-replay';
export { ReplaySorter, DEFAULT_RUN_BYTES, type SortItem } from './replay-sorter';
export { checkReplayEnvelope, type EnvelopeCheck } from './envelope-check';
export { verifyService, formatVerification, type ServiceVerification } from './verify-command';
export {
  rebuildProjection,
  formatRebuild,
  type ProjectionRebuildOptions,
  type ProjectionRebuildResult,
} from './projection-command';
export { PROJECTION_REGISTRY, registeredProjection, UnknownProjectionError } from './projection-registry';
export { replayAccessRecorder, replayResourceOf, type ReplayAccess } from './personal-data-audit';
export { runReplayCli, type ReplayCliIo } from './replay-cli';
