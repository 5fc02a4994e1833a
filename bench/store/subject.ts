/**
 * What the store benchmark needs from each system it compares: the same three operations, so every workload runs
 * the same code against our event store, Emmett's PostgreSQL event store and plain INSERT statements.
 */
import type { SampleEvent } from './sample-event';

/**
 * `ours` runs as intake does (personal fields encrypted per subject); `oursClear` is the same store with no
 * personal fields, i.e. the same work as the peers, so the cost of the store and of encryption can be told apart.
 */
export type SubjectName = 'ours' | 'oursClear' | 'emmett' | 'plainSql';

export const SUBJECT_NAMES: readonly SubjectName[] = ['ours', 'oursClear', 'emmett', 'plainSql'];

export interface BenchSubject {
  readonly name: SubjectName;
  /** Creates the subject's own throw-away schema and tables. */
  setup(): Promise<void>;
  /** Appends events to one stream whose current version is `expectedVersion` (0: new stream); returns the new version. */
  append(streamId: string, expectedVersion: number, events: readonly SampleEvent[]): Promise<number>;
  /** Refreshes planner statistics (what autovacuum would have done by now); not timed. */
  analyze(): Promise<void>;
  /** Reads stored events from position 0 in pages, as its own consumers would, up to `limit`; returns how many. */
  readAllFromStart(pageSize: number, limit: number): Promise<number>;
  /** Library and server versions, for the results file. */
  versions(): Promise<Record<string, string>>;
  /** Drops the schema and closes connections. */
  teardown(): Promise<void>;
}
