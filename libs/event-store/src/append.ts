import { retryOnConflict } from '@rcrp/database';
import { chainEvents } from './chain-events';
import { ConcurrencyError } from './errors';
import { envelopeOf, type EventRow, type NewEventRow } from './event-rows';
import { prepareEvents, validateAppend, type PreparedEvent } from './prepare-events';
import { repeatedAppend } from './repeated-append';
import {
  insertEvents,
  insertEventsName,
  RELEASE_SAVEPOINT,
  ROLLBACK_TO_SAVEPOINT,
  SAVEPOINT,
  selectEventsById,
  selectHeadAndKnownEvents,
  selectStreamVersion,
  type InsertNotify,
} from './sql/append-to-stream';
import type { Connection, Queryable, StoreContext } from './store-context';
import type { StreamHead } from './stream-heads';
import type { AppendEncryption, AppendResult, ExpectedVersion, NewEvent } from './types';

const UNIQUE_VIOLATION = '23505';
const NO_HEAD: StreamHead = { version: 0, hash: null, recordedAt: null };

/**
 * Appends `events` to `streamId` atomically on `connection` (see EventStore.append and EventStoreTransaction.append
 * for what differs by who owns the transaction). One INSERT of the whole batch, preceded by a read of the stream
 * head (and of any of these event ids already stored) unless the stream is new or this instance already knows the
 * committed head at the expected version (StreamHeadCache). No lock is taken: a concurrent writer that takes the
 * same version makes the unique constraint fail, which becomes a `ConcurrencyError`, or the original result when
 * it was the same append (same event ids) racing with itself. A new subject's data key is stored by that same
 * INSERT (FieldCipher.forAppend), so a new incident is one commit.
 */
export async function appendToStream(
  ctx: StoreContext,
  connection: Connection,
  streamId: string,
  expectedVersion: ExpectedVersion,
  events: readonly NewEvent[],
): Promise<AppendResult> {
  validateAppend(streamId, expectedVersion, events);
  for (let attempt = 1; ; attempt += 1) {
    const { prepared, encryption } = await prepareEvents(ctx.options, events, connection);
    const once = () => tryAppend(ctx, connection, streamId, expectedVersion, prepared, encryption);
    try {
      // Only an 'any' append lost a race the store can decide again on its own (any version will do); a version
      // the caller decided on is the caller's to decide again. Inside a caller's transaction, the caller retries it.
      const result =
        expectedVersion === 'any' && connection.owner === 'store'
          ? await retryOnConflict(ctx.retry, once)
          : await once();
      // Inside a caller's transaction the new keys are not known to be committed: they are looked up again.
      if (connection.owner === 'store' && !result.idempotent) encryption?.committed();
      return result;
    } catch (error) {
      if (!(error instanceof KeysRefused)) throw error;
      encryption?.refused();
      if (attempt >= KEY_ATTEMPTS) {
        throw new Error(
          `the subject keys of ${streamId} changed under ${KEY_ATTEMPTS} attempts to append to it`,
        );
      }
    }
  }
}

/** How often an append whose keys its statement refused is encrypted again (a lost race creating a key). */
const KEY_ATTEMPTS = 3;

/** The append's statement inserted nothing: a key it created was taken, or one it used is gone or erased. */
class KeysRefused extends Error {}

async function tryAppend(
  ctx: StoreContext,
  connection: Connection,
  streamId: string,
  expectedVersion: ExpectedVersion,
  prepared: readonly PreparedEvent[],
  encryption: AppendEncryption | null,
): Promise<AppendResult> {
  const { db } = connection;
  const eventIds = prepared.map((event) => event.eventId);
  const cached = typeof expectedVersion === 'number' ? ctx.heads.at(streamId, expectedVersion) : undefined;
  const { head, known } = cached
    ? { head: cached, known: [] }
    : await readHead(ctx, db, streamId, expectedVersion, eventIds);
  if (known.length > 0) return repeatedAppend(ctx, streamId, prepared, known);
  if (!versionMatches(expectedVersion, head.version)) {
    throw new ConcurrencyError(streamId, expectedVersion, head.version);
  }
  const rows = chainEvents(streamId, prepared, head, ctx.now());
  let positions: Map<string, string>;
  try {
    positions = await insert(ctx, connection, rows, encryption);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    ctx.heads.forget(streamId);
    // Someone else took one of our versions or event ids; which one tells a lost race from a repeat.
    const { rows: knownNow } = await db.query<EventRow>(selectEventsById(ctx.events), [eventIds]);
    if (knownNow.length > 0) return repeatedAppend(ctx, streamId, prepared, knownNow);
    const { rows: current } = await db.query<{ version: number }>(selectStreamVersion(ctx.events), [
      streamId,
    ]);
    throw new ConcurrencyError(streamId, expectedVersion, current[0].version);
  }
  if (positions.size === 0) throw new KeysRefused();
  const last = rows[rows.length - 1];
  if (connection.owner === 'store') {
    // Committed: remember the head, and wake the relay now that the events are readable.
    ctx.notifier.wake();
    ctx.heads.remember(streamId, {
      version: last.stream_version,
      hash: last.hash,
      recordedAt: last.recorded_at,
    });
  } else {
    // The caller's transaction may still roll back: the head is not known to be committed.
    ctx.heads.forget(streamId);
  }
  return {
    streamId,
    nextVersion: last.stream_version,
    positions: rows.map((row) => positions.get(row.event_id)!),
    events: rows.map((row, index) =>
      envelopeOf({ ...row, data: prepared[index].plainData, position: '', tx_id: '' }),
    ),
    idempotent: false,
  };
}

/**
 * The head is not read for a new stream: version 1 has no predecessor, and if the stream exists after all,
 * the insert conflicts. Otherwise one query returns the head and any of the event ids already stored.
 */
async function readHead(
  ctx: StoreContext,
  db: Queryable,
  streamId: string,
  expectedVersion: ExpectedVersion,
  eventIds: readonly string[],
): Promise<{ head: StreamHead; known: EventRow[] }> {
  if (expectedVersion === 'no-stream' || expectedVersion === 0) return { head: NO_HEAD, known: [] };
  const { rows } = await db.query<EventRow & { is_head: boolean }>(selectHeadAndKnownEvents(ctx.events), [
    streamId,
    eventIds,
  ]);
  const headRow = rows.find((row) => row.is_head);
  const head = headRow
    ? { version: headRow.stream_version, hash: headRow.hash, recordedAt: headRow.recorded_at }
    : NO_HEAD;
  return { head, known: rows.filter((row) => !row.is_head) };
}

/** One statement for the whole batch; returns position by event id. */
async function insert(
  ctx: StoreContext,
  connection: Connection,
  rows: readonly NewEventRow[],
  encryption: AppendEncryption | null,
): Promise<Map<string, string>> {
  const payload = JSON.stringify(
    rows.map((row) => ({
      ...row,
      recorded_at: row.recorded_at.toISOString(),
      hash: row.hash.toString('hex'),
    })),
  );
  const notify: InsertNotify = connection.owner === 'store' ? 'store-after-commit' : 'trigger-at-commit';
  const keys = encryption
    ? JSON.stringify(
        encryption.keys().map((key) => ({
          subject_ref: key.subjectRef,
          wrapped_key: key.wrappedKey.toString('hex'),
          created: key.created,
        })),
      )
    : null;
  const run = async () => {
    const { rows: inserted } = await connection.db.query<{ position: string; event_id: string }>({
      name: insertEventsName(ctx.schema, notify, keys !== null),
      text: insertEvents(ctx.events, notify, encryption?.tables),
      values: keys === null ? [payload] : [payload, keys],
    });
    return new Map(inserted.map((row) => [row.event_id, row.position]));
  };
  if (connection.owner === 'store') return run();
  // A failed statement aborts the caller's transaction; the savepoint keeps it usable for the follow-up reads.
  await connection.db.query(SAVEPOINT);
  try {
    const positions = await run();
    await connection.db.query(RELEASE_SAVEPOINT);
    return positions;
  } catch (error) {
    await connection.db.query(ROLLBACK_TO_SAVEPOINT);
    throw error;
  }
}

function versionMatches(expected: ExpectedVersion, actual: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no-stream') return actual === 0;
  return expected === actual;
}

function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: string }).code === UNIQUE_VIOLATION
  );
}
