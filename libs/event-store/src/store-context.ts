import type { RetryPolicy } from '@rcrp/database';
import type { ClientBase, Pool, PoolClient } from 'pg';
import type { CommitNotifier } from './commit-notifier';
import type { StreamHeadCache } from './stream-heads';
import type { EventStoreOptions } from './types';

/** What every store operation needs: built once by EventStore, shared by its operations. */
export interface StoreContext {
  readonly schema: string;
  /** The schema-qualified table, `"<schema>".events`. */
  readonly events: string;
  readonly options: EventStoreOptions;
  readonly heads: StreamHeadCache;
  readonly notifier: CommitNotifier;
  readonly retry: RetryPolicy;
  /** The clock of `recordedAt`. */
  now(): Date;
}

export type Queryable = Pick<ClientBase, 'query'> | Pool;

/**
 * Who owns the transaction an operation runs in: the store (a statement of its own on the pool, committed when it
 * returns) or the caller (`EventStore.within(tx)`; committed, or rolled back, later).
 */
export type Connection = { owner: 'store'; db: Pool } | { owner: 'caller'; db: PoolClient };
