import type { RetryPolicy } from '@rcrp/database';
import type { EventEnvelope } from '@rcrp/events';

/** A number is the stream's current version (0 = empty); `no-stream` = must not exist; `any` = no check. */
export type ExpectedVersion = number | 'no-stream' | 'any';

/** What a caller appends: the envelope without the fields the store assigns. */
export type NewEvent<TType extends string = string, TData = unknown> = Omit<
  EventEnvelope<TType, TData>,
  'streamVersion' | 'recordedAt'
>;

export interface AppendResult {
  streamId: string;
  /** The stream's version after this append: pass it as `expectedVersion` next time. */
  nextVersion: number;
  /** Global positions (bigint as decimal strings), one per event, in order. */
  positions: string[];
  /** The stored events, personal fields in clear, as readStream would return them (before upcasting). */
  events: EventEnvelope[];
  /** True when every event id was already stored by an earlier identical append: nothing was written. */
  idempotent: boolean;
}

export interface ReadStreamOptions {
  fromVersion?: number;
  toVersion?: number;
  /** Only events recorded at or before this moment: the stream as it stood then. */
  asOf?: Date | string;
}

/** Gap-safe feed position: the writing transaction id (xid8) and the global position, as decimal strings. */
export interface Checkpoint {
  txId: string;
  position: string;
}

export interface ReadAllOptions {
  /**
   * `false` (default): events exactly as stored, personal fields still encrypted and schema versions not upcast,
   * which is what the outbox relay publishes. `true`: decrypted and upcast, for in-process projections.
   */
  decode?: boolean;
}

export interface FeedEvent {
  position: string;
  txId: string;
  event: EventEnvelope;
}

export interface ReadAllResult {
  events: FeedEvent[];
  /** The checkpoint after the last returned event (the input checkpoint when nothing was returned). */
  checkpoint: Checkpoint | null;
}

export type VerifyStreamResult =
  | { ok: true; events: number }
  | {
      ok: false;
      firstBrokenVersion: number;
      eventId: string | null;
      reason: 'hash-mismatch' | 'version-gap';
    };

export interface VerifyAllResult {
  ok: boolean;
  streams: number;
  events: number;
  broken: Array<{ streamId: string; firstBrokenVersion: number; eventId: string | null; reason: string }>;
}

/** What the store needs from libs/personal-data (structural, so the store does not depend on its internals). */
export interface FieldCipher {
  encryptFields<T>(subjectRef: string | null, data: T, paths: readonly string[]): Promise<T>;
  decryptMany<T>(values: readonly T[]): Promise<T[]>;
  /**
   * Encryption for one append whose own statement stores the new subjects' keys and checks the others' (so a new
   * incident is one commit, not a key commit and an event commit). Without it, `encryptFields` stores a new key in
   * a statement of its own before the append.
   */
  forAppend?(connection: {
    db: import('pg').Pool | import('pg').PoolClient;
    /** A caller's transaction: what it reads may be its own, not yet committed. */
    inTransaction: boolean;
  }): AppendEncryption;
}

/** The keys one append encrypts under: the append's statement stores `created` ones and checks the others. */
export interface AppendEncryption {
  encryptFields<T>(subjectRef: string | null, data: T, paths: readonly string[]): Promise<T>;
  /** Every key the events were encrypted under so far. */
  keys(): readonly SubjectKeyUse[];
  /** Schema-qualified tables: `keys` (subject_ref, wrapped_key) and `erased` (subject_ref). */
  readonly tables: { keys: string; erased: string };
  /** The append committed (the store's own statement): its new keys may be reused from memory. */
  committed(): void;
  /** The statement wrote nothing (a key was taken by another writer, is not the stored one, or was erased). */
  refused(): void;
}

export interface SubjectKeyUse {
  subjectRef: string;
  wrappedKey: Buffer;
  /** A new key, to be inserted by the append; otherwise it must be the stored one. */
  created: boolean;
}

export interface EventStoreOptions {
  /** A pool connected as the service's app role (not the owner). */
  pool: import('pg').Pool;
  /** The service schema holding `events`. */
  schema: string;
  /** Personal-field paths per event type (libs/events `personalFieldsOf`). Default: none. */
  personalFieldsOf?: (type: string, schemaVersion: number) => readonly string[];
  /** Required as soon as any type has personal fields; the store never stores them in clear. */
  cipher?: FieldCipher;
  /** Turns an older schema version into the current shape; applied on read after decryption. */
  upcast?: (event: EventEnvelope) => EventEnvelope;
  /** Clock for `recordedAt`; injectable for tests. */
  now?: () => Date;
  /**
   * How many stream heads (version, hash) to remember from this instance's appends and full stream reads, so an
   * append at a known head skips reading it. 0 turns it off. Default 10,000.
   */
  headCacheSize?: number;
  /** How often an 'any' append that lost a race is tried again (default DEFAULT_RETRY_POLICY of libs/database). */
  retry?: RetryPolicy;
}
