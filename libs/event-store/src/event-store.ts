import { assertIdentifier, DEFAULT_RETRY_POLICY } from '@rcrp/database';
import type { EventEnvelope } from '@rcrp/events';
import type { PoolClient } from 'pg';
import { appendToStream } from './append';
import { CommitNotifier, eventsNotifyChannel } from './commit-notifier';
import { EventStoreConfigurationError } from './errors';
import { readAll } from './read-all';
import { readStream } from './read-stream';
import type { Connection, StoreContext } from './store-context';
import { StreamHeadCache } from './stream-heads';
import type {
  AppendResult,
  Checkpoint,
  EventStoreOptions,
  ExpectedVersion,
  NewEvent,
  ReadAllOptions,
  ReadAllResult,
  ReadStreamOptions,
  VerifyAllResult,
  VerifyStreamResult,
} from './types';
import { verifyAll, verifyStream } from './verify';

/** Streams whose committed head is remembered (a few hundred bytes each). */
const DEFAULT_HEAD_CACHE_SIZE = 10_000;

/**
 * The store inside a transaction its caller owns (`store.within(tx)`), for effects that must commit with the events
 * they cause (a consumed record's inbox row and its events, a subject's event and its key deletion). What differs
 * from the store's own `append` and `readStream`:
 * - no retry of its own: a lost race ('any' included) is a `ConcurrencyError` for the caller, who tries the whole
 *   transaction again (RetryPolicy). The insert runs in a savepoint, so the transaction stays usable after it;
 * - no head-cache write: the store cannot see the caller's commit, so it forgets the stream's head instead (the
 *   next append of the stream reads it);
 * - the relay is woken by the events trigger's NOTIFY in the caller's transaction, which PostgreSQL delivers at its
 *   commit (and drops on rollback), instead of by the store after its own commit;
 * - reads go through the caller's connection and see the transaction's own appends (a request holding a pooled
 *   connection that asked the pool for a second one would starve it under load).
 */
export interface EventStoreTransaction {
  append(
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: readonly NewEvent[],
  ): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<EventEnvelope[]>;
}

/**
 * The per-service event store (DESIGN §2) over a `pg.Pool` connected as the service's app role. PostgreSQL
 * enforces the invariants (unique stream version, unique event id, immutability); each operation is a file of its
 * own with its SQL under `sql/`: append.ts (with chain-events.ts: versions and the hash chain; repeated-append.ts:
 * idempotent repeats), read-stream.ts, read-all.ts (the gap-safe feed) and verify.ts (the hash chain recomputed);
 * stream-heads.ts is the head cache, prepare-events.ts encrypts personal fields on the way in and
 * decode-events.ts decrypts and upcasts them on the way out. This class only builds their context and names them.
 */
export class EventStore {
  private readonly context: StoreContext;
  private readonly own: Connection;

  constructor(options: EventStoreOptions) {
    try {
      assertIdentifier(options.schema, 'schema');
    } catch (error) {
      throw new EventStoreConfigurationError((error as Error).message);
    }
    this.context = {
      schema: options.schema,
      events: `"${options.schema}".events`,
      options,
      heads: new StreamHeadCache(options.headCacheSize ?? DEFAULT_HEAD_CACHE_SIZE),
      notifier: new CommitNotifier(options.pool, eventsNotifyChannel(options.schema)),
      retry: options.retry ?? DEFAULT_RETRY_POLICY,
      now: () => options.now?.() ?? new Date(),
    };
    this.own = { owner: 'store', db: options.pool };
  }

  /**
   * Appends `events` to `streamId` atomically, in a statement of its own that has committed when this resolves:
   * the new head is remembered (StreamHeadCache), the relay woken after the commit (CommitNotifier), and an 'any'
   * append that lost a race to another writer tried again at once (RetryPolicy). A numeric or 'no-stream'
   * `expectedVersion` that is stale is a `ConcurrencyError`; re-sending the same event ids returns the original
   * result (`idempotent: true`).
   */
  append(
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: readonly NewEvent[],
  ): Promise<AppendResult> {
    return appendToStream(this.context, this.own, streamId, expectedVersion, events);
  }

  /** The stream's events in version order, personal fields decrypted (or erased), upcast to the current schema. */
  readStream(streamId: string, options: ReadStreamOptions = {}): Promise<EventEnvelope[]> {
    return readStream(this.context, this.own, streamId, options);
  }

  /** The next events of the whole store after `checkpoint`, gap-safe (read-all.ts). */
  readAll(
    checkpoint: Checkpoint | null,
    limit: number,
    options: ReadAllOptions = {},
  ): Promise<ReadAllResult> {
    return readAll(this.context, checkpoint, limit, options);
  }

  /** Recomputes the stream's hash chain from the stored columns and names the first event that does not match. */
  verifyStream(streamId: string): Promise<VerifyStreamResult> {
    return verifyStream(this.context, streamId);
  }

  /** `verifyStream` for every stream, one at a time. */
  verifyAll(): Promise<VerifyAllResult> {
    return verifyAll(this.context);
  }

  /** This store inside the caller's transaction `tx` (see EventStoreTransaction for what that changes). */
  within(tx: PoolClient): EventStoreTransaction {
    const context = this.context;
    const connection: Connection = { owner: 'caller', db: tx };
    return {
      append: (streamId, expectedVersion, events) =>
        appendToStream(context, connection, streamId, expectedVersion, events),
      readStream: (streamId, options = {}) => readStream(context, connection, streamId, options),
    };
  }
}
