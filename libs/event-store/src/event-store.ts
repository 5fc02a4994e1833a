import { assertIdentifier } from '@rcrp/database';
import type { EventEnvelope } from '@rcrp/events';
import type { ClientBase, Pool } from 'pg';
import { asStoredJson } from './canonical-json';
import {
  ConcurrencyError,
  EventStoreConfigurationError,
  IdempotencyConflictError,
  InvalidAppendError,
} from './errors';
import { EVENT_COLUMNS, EventMetadata, EventRow, envelopeOf, metadataOf } from './event-rows';
import { eventHash } from './event-hash';
import {
  CommitNotifier,
  eventsNotifyChannel,
  NOTIFY_AFTER_COMMIT_SETTING,
  NOTIFY_AFTER_COMMIT_VALUE,
} from './commit-notifier';
import { StreamHead, StreamHeadCache } from './stream-heads';
import type {
  AppendOptions,
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

type Queryable = Pick<ClientBase, 'query'> | Pool;

/** An event ready to be chained: data encrypted and normalised to what jsonb gives back. */
interface PreparedEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  storedData: unknown;
  plainData: unknown;
  metadata: EventMetadata;
}

const UNIQUE_VIOLATION = '23505';
/** `any` appends retry a lost race on the next version; a stream this contended is a design problem, not a retry problem. */
const MAX_ANY_ATTEMPTS = 10;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NO_HEAD: StreamHead = { version: 0, hash: null, recordedAt: null };
/** Streams whose committed head is remembered (a few hundred bytes each). */
const DEFAULT_HEAD_CACHE_SIZE = 10_000;

/**
 * The per-service event store (DESIGN §2) over a `pg.Pool` connected as the service's app role.
 * PostgreSQL enforces the invariants (unique stream version, unique event id, immutability); this class computes
 * versions and the hash chain, encrypts personal fields on the way in and decrypts and upcasts on the way out.
 */
export class EventStore {
  private readonly table: string;
  private readonly heads: StreamHeadCache;
  private readonly notifier: CommitNotifier;

  constructor(private readonly options: EventStoreOptions) {
    try {
      assertIdentifier(options.schema, 'schema');
    } catch (error) {
      throw new EventStoreConfigurationError((error as Error).message);
    }
    this.table = `"${options.schema}".events`;
    this.notifier = new CommitNotifier(options.pool, eventsNotifyChannel(options.schema));
    this.heads = new StreamHeadCache(options.headCacheSize ?? DEFAULT_HEAD_CACHE_SIZE);
  }

  /**
   * Appends `events` to `streamId` atomically. One INSERT of the whole batch, preceded by a read of the stream
   * head (and of any of these event ids already stored) unless the stream is new or this instance already knows
   * the committed head at the expected version (see StreamHeadCache). No lock is taken: a concurrent writer that
   * takes the same version makes the unique constraint fail, which becomes a `ConcurrencyError`, or the
   * original result when it was the same append (same event ids) racing with itself.
   */
  async append(
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: readonly NewEvent[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    validateAppend(streamId, expectedVersion, events);
    const prepared = await Promise.all(events.map((event) => this.prepare(event)));
    const eventIds = prepared.map((event) => event.eventId);
    const db: Queryable = options.client ?? this.options.pool;

    for (let attempt = 1; ; attempt += 1) {
      const cached =
        typeof expectedVersion === 'number' ? this.heads.at(streamId, expectedVersion) : undefined;
      const { head, known } = cached
        ? { head: cached, known: [] }
        : await this.readHead(db, streamId, expectedVersion, eventIds);
      if (known.length > 0) return this.repeatedAppend(streamId, prepared, known);
      if (!versionMatches(expectedVersion, head.version)) {
        throw new ConcurrencyError(streamId, expectedVersion, head.version);
      }
      const rows = this.chain(streamId, prepared, head);
      try {
        const inserted = await this.insert(db, rows, options.client !== undefined);
        const last = rows[rows.length - 1];
        // Outside a caller's transaction the insert has committed; inside one it may still roll back (and the
        // trigger's NOTIFY, delivered at the caller's commit, wakes the relay).
        if (options.client === undefined) {
          this.notifier.wake();
          this.heads.remember(streamId, {
            version: last.streamVersion,
            hash: last.hash,
            recordedAt: last.recordedAt,
          });
        } else {
          this.heads.forget(streamId);
        }
        return {
          streamId,
          nextVersion: rows[rows.length - 1].streamVersion,
          positions: rows.map((row) => inserted.get(row.eventId)!),
          events: rows.map((row, index) =>
            envelopeOf({ ...row.asRow, data: prepared[index].plainData, position: '', tx_id: '' }),
          ),
          idempotent: false,
        };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        this.heads.forget(streamId);
        // Someone else took one of our versions or event ids; which one tells a lost race from a repeat.
        const knownNow = await this.findByEventIds(db, eventIds);
        if (knownNow.length > 0) return this.repeatedAppend(streamId, prepared, knownNow);
        if (expectedVersion === 'any' && attempt < MAX_ANY_ATTEMPTS) continue;
        throw new ConcurrencyError(streamId, expectedVersion, await this.currentVersion(db, streamId));
      }
    }
  }

  /** The stream's events in version order, personal fields decrypted (or erased), upcast to the current schema. */
  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<EventEnvelope[]> {
    const asOf = options.asOf === undefined ? null : new Date(options.asOf);
    if (asOf !== null && Number.isNaN(asOf.getTime()))
      throw new RangeError(`asOf is not a valid time: ${String(options.asOf)}`);
    const db: Queryable = options.client ?? this.options.pool;
    const { rows } = await db.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM ${this.table}
        WHERE stream_id = $1
          AND stream_version >= $2
          AND ($3::int IS NULL OR stream_version <= $3)
          AND ($4::timestamptz IS NULL OR recorded_at <= $4)
        ORDER BY stream_version`,
      [streamId, options.fromVersion ?? 1, options.toVersion ?? null, asOf],
    );
    const last = rows[rows.length - 1];
    if (last && options.toVersion === undefined && asOf === null && options.client === undefined) {
      // Read to the end, so this is the committed head (or a later one has been committed since: still safe).
      // Not inside a caller's transaction: what it sees may still be rolled back.
      this.heads.remember(streamId, {
        version: last.stream_version,
        hash: last.hash,
        recordedAt: last.recorded_at,
      });
    }
    return this.decode(rows, true);
  }

  /**
   * The next events of the whole store after `checkpoint`, gap-safe: ordered by (writing transaction, position)
   * and only from transactions older than every transaction still running, so an event whose transaction commits
   * late is delivered after the checkpoint has passed its position rather than skipped. A long-running write
   * transaction anywhere in the cluster therefore holds the feed back until it ends.
   */
  async readAll(
    checkpoint: Checkpoint | null,
    limit: number,
    options: ReadAllOptions = {},
  ): Promise<ReadAllResult> {
    if (!Number.isSafeInteger(limit) || limit < 1)
      throw new RangeError(`limit must be a positive integer, got ${limit}`);
    const { rows } = await this.options.pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM ${this.table}
        WHERE (tx_id, position) > ($1::xid8, $2::bigint)
          AND tx_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY ${this.table}.tx_id, ${this.table}.position -- the columns, not the text aliases of EVENT_COLUMNS
        LIMIT $3`,
      [checkpoint?.txId ?? '0', checkpoint?.position ?? '0', limit],
    );
    const envelopes = options.decode ? await this.decode(rows, true) : rows.map(envelopeOf);
    const last = rows[rows.length - 1];
    return {
      events: rows.map((row, index) => ({
        position: row.position,
        txId: row.tx_id,
        event: envelopes[index],
      })),
      checkpoint: last ? { txId: last.tx_id, position: last.position } : checkpoint,
    };
  }

  /** Recomputes the stream's hash chain from the stored columns and names the first event that does not match. */
  async verifyStream(streamId: string): Promise<VerifyStreamResult> {
    const { rows } = await this.options.pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM ${this.table} WHERE stream_id = $1 ORDER BY stream_version`,
      [streamId],
    );
    let previousHash: Buffer | null = null;
    for (const [index, row] of rows.entries()) {
      const expectedVersion = index + 1;
      if (row.stream_version !== expectedVersion) {
        return { ok: false, firstBrokenVersion: expectedVersion, eventId: null, reason: 'version-gap' };
      }
      const recomputed = eventHash(hashedContentOf(row), previousHash);
      if (!recomputed.equals(row.hash)) {
        return {
          ok: false,
          firstBrokenVersion: row.stream_version,
          eventId: row.event_id,
          reason: 'hash-mismatch',
        };
      }
      previousHash = row.hash;
    }
    return { ok: true, events: rows.length };
  }

  /** `verifyStream` for every stream, one at a time (memory stays bounded by the largest stream). */
  async verifyAll(): Promise<VerifyAllResult> {
    const result: VerifyAllResult = { ok: true, streams: 0, events: 0, broken: [] };
    let after = '';
    for (;;) {
      const { rows } = await this.options.pool.query<{ stream_id: string }>(
        `SELECT stream_id FROM ${this.table} WHERE stream_id > $1 ORDER BY stream_id LIMIT 1`,
        [after],
      );
      if (rows.length === 0) return result;
      after = rows[0].stream_id;
      const verdict = await this.verifyStream(after);
      result.streams += 1;
      if (verdict.ok) {
        result.events += verdict.events;
      } else {
        result.ok = false;
        const { firstBrokenVersion, eventId, reason } = verdict;
        result.broken.push({ streamId: after, firstBrokenVersion, eventId, reason });
      }
    }
  }

  private async prepare(event: NewEvent): Promise<PreparedEvent> {
    const plainData = asStoredJson(event.data);
    const paths = this.options.personalFieldsOf?.(event.type, event.schemaVersion) ?? [];
    let storedData = plainData;
    if (this.options.cipher) {
      storedData = await this.options.cipher.encryptFields(event.subjectRef ?? null, plainData, paths);
    } else if (paths.length > 0) {
      throw new EventStoreConfigurationError(`${event.type} has personal fields but the store has no cipher`);
    }
    return {
      eventId: event.eventId.toLowerCase(),
      type: event.type,
      schemaVersion: event.schemaVersion,
      storedData,
      plainData,
      metadata: asStoredJson(metadataOf({ ...event, subjectRef: event.subjectRef ?? null })),
    };
  }

  /**
   * The head is not read for a new stream: version 1 has no predecessor, and if the stream exists after all,
   * the insert conflicts. Otherwise one query returns the head and any of the event ids already stored.
   */
  private async readHead(
    db: Queryable,
    streamId: string,
    expectedVersion: ExpectedVersion,
    eventIds: readonly string[],
  ): Promise<{ head: StreamHead; known: EventRow[] }> {
    if (expectedVersion === 'no-stream' || expectedVersion === 0) return { head: NO_HEAD, known: [] };
    const { rows } = await db.query<EventRow & { is_head: boolean }>(
      `(SELECT true AS is_head, ${EVENT_COLUMNS} FROM ${this.table}
         WHERE stream_id = $1 ORDER BY stream_version DESC LIMIT 1)
       UNION ALL
       (SELECT false, ${EVENT_COLUMNS} FROM ${this.table} WHERE event_id = ANY($2::uuid[]))`,
      [streamId, eventIds],
    );
    const headRow = rows.find((row) => row.is_head);
    const head = headRow
      ? { version: headRow.stream_version, hash: headRow.hash, recordedAt: headRow.recorded_at }
      : NO_HEAD;
    return { head, known: rows.filter((row) => !row.is_head) };
  }

  private chain(streamId: string, prepared: readonly PreparedEvent[], head: StreamHead) {
    // Never earlier than the head: clocks of several instances differ, and asOf reads must see a stream prefix.
    const now = this.options.now?.() ?? new Date();
    const recordedAt = head.recordedAt && head.recordedAt > now ? head.recordedAt : now;
    let previousHash = head.hash;
    return prepared.map((event, index) => {
      const content = {
        streamId,
        streamVersion: head.version + index + 1,
        eventId: event.eventId,
        type: event.type,
        schemaVersion: event.schemaVersion,
        data: event.storedData,
        metadata: event.metadata,
        recordedAt,
      };
      const hash = eventHash(content, previousHash);
      previousHash = hash;
      const asRow = {
        stream_id: streamId,
        stream_version: content.streamVersion,
        event_id: event.eventId,
        type: event.type,
        schema_version: event.schemaVersion,
        data: event.storedData,
        metadata: event.metadata,
        recorded_at: recordedAt,
        hash,
      };
      return { ...content, hash, asRow };
    });
  }

  /** One statement for the whole batch; returns position by event id. */
  private async insert(
    db: Queryable,
    rows: ReadonlyArray<ReturnType<EventStore['chain']>[number]>,
    inCallerTransaction: boolean,
  ): Promise<Map<string, string>> {
    const payload = JSON.stringify(
      rows.map((row) => ({
        stream_id: row.streamId,
        stream_version: row.streamVersion,
        event_id: row.eventId,
        type: row.type,
        schema_version: row.schemaVersion,
        data: row.data,
        metadata: row.metadata,
        recorded_at: row.recordedAt.toISOString(),
        hash: row.hash.toString('hex'),
      })),
    );
    // A single-statement append commits on its own, and the store wakes the relay after that commit
    // (CommitNotifier), so the statement tells the events_notify trigger, transaction-locally, not to NOTIFY.
    const skipTriggerNotify = inCallerTransaction
      ? ''
      : `CROSS JOIN (SELECT set_config('${NOTIFY_AFTER_COMMIT_SETTING}', '${NOTIFY_AFTER_COMMIT_VALUE}', true)) AS n`;
    const sql = `INSERT INTO ${this.table}
        (stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at, hash)
      SELECT r.stream_id, r.stream_version, r.event_id, r.type, r.schema_version, r.data, r.metadata, r.recorded_at,
             decode(r.hash, 'hex')
        FROM jsonb_to_recordset($1::jsonb) AS r(stream_id text, stream_version int, event_id uuid, type text,
             schema_version int, data jsonb, metadata jsonb, recorded_at timestamptz, hash text)
        ${skipTriggerNotify}
       ORDER BY r.stream_version
      RETURNING position::text AS position, event_id::text AS event_id`;
    const run = async () => {
      // Named, so each connection parses and plans this statement once instead of on every append.
      const { rows: inserted } = await db.query<{ position: string; event_id: string }>({
        name: `rcrp_event_store_insert_${this.options.schema}${inCallerTransaction ? '_in_tx' : ''}`,
        text: sql,
        values: [payload],
      });
      return new Map(inserted.map((row) => [row.event_id, row.position]));
    };
    if (!inCallerTransaction) return run();
    // A failed statement aborts the caller's transaction; the savepoint keeps it usable for the follow-up reads.
    await db.query('SAVEPOINT rcrp_event_store_append');
    try {
      const positions = await run();
      await db.query('RELEASE SAVEPOINT rcrp_event_store_append');
      return positions;
    } catch (error) {
      await db.query('ROLLBACK TO SAVEPOINT rcrp_event_store_append');
      throw error;
    }
  }

  private async findByEventIds(db: Queryable, eventIds: readonly string[]): Promise<EventRow[]> {
    const { rows } = await db.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM ${this.table} WHERE event_id = ANY($1::uuid[])`,
      [eventIds],
    );
    return rows;
  }

  private async currentVersion(db: Queryable, streamId: string): Promise<number> {
    const { rows } = await db.query<{ version: number }>(
      `SELECT coalesce(max(stream_version), 0)::int AS version FROM ${this.table} WHERE stream_id = $1`,
      [streamId],
    );
    return rows[0].version;
  }

  /** The original result of an append whose event ids are all stored already; anything less is a conflict. */
  private async repeatedAppend(
    streamId: string,
    prepared: readonly PreparedEvent[],
    known: readonly EventRow[],
  ): Promise<AppendResult> {
    const knownIds = known.map((row) => row.event_id);
    const byId = new Map(known.map((row) => [row.event_id, row]));
    if (known.length !== prepared.length) {
      throw new IdempotencyConflictError(streamId, knownIds, 'the batch mixes stored and new event ids');
    }
    for (const event of prepared) {
      const row = byId.get(event.eventId)!;
      if (row.stream_id !== streamId) {
        throw new IdempotencyConflictError(
          streamId,
          knownIds,
          `event ${row.event_id} is stored in ${row.stream_id}`,
        );
      }
      if (row.type !== event.type) {
        throw new IdempotencyConflictError(
          streamId,
          knownIds,
          `event ${row.event_id} is stored as a ${row.type}`,
        );
      }
    }
    const ordered = [...known].sort((a, b) => a.stream_version - b.stream_version);
    return {
      streamId,
      nextVersion: ordered[ordered.length - 1].stream_version,
      positions: ordered.map((row) => row.position),
      events: await this.decode(ordered, false),
      idempotent: true,
    };
  }

  private async decode(rows: readonly EventRow[], upcast: boolean): Promise<EventEnvelope[]> {
    const envelopes = rows.map(envelopeOf);
    const cipher = this.options.cipher;
    const data = cipher ? await cipher.decryptMany(envelopes.map((event) => event.data)) : null;
    return envelopes.map((event, index) => {
      const decrypted = data ? { ...event, data: data[index] } : event;
      return upcast && this.options.upcast ? this.options.upcast(decrypted) : decrypted;
    });
  }
}

function hashedContentOf(row: EventRow) {
  return {
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at,
  };
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

function validateAppend(
  streamId: string,
  expectedVersion: ExpectedVersion,
  events: readonly NewEvent[],
): void {
  if (typeof streamId !== 'string' || streamId === '') throw new InvalidAppendError('streamId is required');
  if (
    typeof expectedVersion === 'number' &&
    (!Number.isSafeInteger(expectedVersion) || expectedVersion < 0)
  ) {
    throw new InvalidAppendError(`expectedVersion must be a non-negative integer, 'no-stream' or 'any'`);
  }
  if (events.length === 0) throw new InvalidAppendError('an append needs at least one event');
  const seen = new Set<string>();
  for (const event of events) {
    const eventId = typeof event.eventId === 'string' ? event.eventId.toLowerCase() : '';
    if (!UUID.test(eventId)) throw new InvalidAppendError(`eventId must be a UUID, got "${event.eventId}"`);
    if (seen.has(eventId)) throw new InvalidAppendError(`event ${eventId} appears twice in one append`);
    seen.add(eventId);
    if (event.streamId !== streamId) {
      throw new InvalidAppendError(
        `event ${eventId} names stream ${event.streamId}, appended to ${streamId}`,
      );
    }
    if (!Number.isSafeInteger(event.schemaVersion) || event.schemaVersion < 1) {
      throw new InvalidAppendError(`event ${eventId} needs an integer schemaVersion >= 1`);
    }
    if (event.data === undefined) throw new InvalidAppendError(`event ${eventId} has no data`);
  }
}
