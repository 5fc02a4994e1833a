export type { Projection } from './projection';
export { projectionMigrations } from './migrations';
export { projectionTableMigration } from './test-projection-table';
export {
  lockProjectionCheckpoint,
  saveProjectionCheckpoint,
  type ProjectionCheckpointRow,
} from './projection-checkpoints';
export { applyConsumedEvent } from './apply-consumed-event';
export {
  DEFAULT_PROJECTION_STALL_MS,
  ProjectionRunner,
  type ProjectionRunnerOptions,
  type ProjectionStatus,
} from './projection-runner';
export type { ProjectionFailure } from './projection-failure';
export {
  ProjectionRebuilder,
  type ProjectionRebuilderOptions,
  type RebuildReport,
  type RebuildSource,
} from './projection-rebuilder';
export { replayTopics, type ReplayTopicsOptions } from './replay-topics';
export { liveTable, shadowTableName } from './table-names';
