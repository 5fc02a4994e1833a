import { EVENT_COLUMNS } from '../event-rows';
import { NOTIFY_AFTER_COMMIT_SETTING, NOTIFY_AFTER_COMMIT_VALUE } from '../commit-notifier';

/*
 * The statements of an append (append.ts). `events` is the schema-qualified table, `"<schema>".events`.
 * PostgreSQL enforces what makes an append safe: unique (stream_id, stream_version) refuses a second writer of a
 * version, unique event_id a second copy of an event. These statements take no lock.
 */

/**
 * The stream's head (`is_head`) and any of the appended event ids already stored, in one round trip.
 * $1 stream id, $2 the appended event ids.
 */
export const selectHeadAndKnownEvents = (events: string) => `
  (SELECT true AS is_head, ${EVENT_COLUMNS} FROM ${events}
    WHERE stream_id = $1 ORDER BY stream_version DESC LIMIT 1)
  UNION ALL
  (SELECT false, ${EVENT_COLUMNS} FROM ${events} WHERE event_id = ANY($2::uuid[]))`;

/** After a unique violation: which of the appended event ids ($1) are stored (a repeat), if any. */
export const selectEventsById = (events: string) => `
  SELECT ${EVENT_COLUMNS} FROM ${events} WHERE event_id = ANY($1::uuid[])`;

/** After a lost race: the version the stream ($1) is at now, 0 when it does not exist. */
export const selectStreamVersion = (events: string) => `
  SELECT coalesce(max(stream_version), 0)::int AS version FROM ${events} WHERE stream_id = $1`;

/**
 * Who wakes the relay: the store itself once its own single-statement append has committed (CommitNotifier), so
 * the statement tells the events_notify trigger, transaction-locally, to stay silent; or the trigger, whose
 * NOTIFY PostgreSQL delivers at the commit of the caller's transaction.
 */
export type InsertNotify = 'store-after-commit' | 'trigger-at-commit';

/** Where the subject keys of an encrypting append live (libs/personal-data's tables in the service schema). */
export interface KeyTables {
  keys: string;
  erased: string;
}

/**
 * The whole batch in one statement, from a JSON array of rows ($1; hash as hex), in version order; returns each
 * event's position (as text: bigint) by event id.
 *
 * With `keys`, the same statement also stores the new subjects' data keys and checks the others, from a JSON array
 * ($2: subject_ref, wrapped_key as hex, created): a created key is inserted unless the subject is erased or another
 * writer stored one first (ON CONFLICT waits for that writer), an existing one must be exactly the stored one, and
 * no subject may be erased. If any of that fails, no event is inserted (no row comes back) and the append looks
 * its keys up again; so a new incident is one commit, and no event is ever stored under a key that is not its
 * subject's.
 */
export const insertEvents = (events: string, notify: InsertNotify, keys?: KeyTables) => `
  ${keys ? keyChecks(keys) : ''}
  INSERT INTO ${events}
      (stream_id, stream_version, event_id, type, schema_version, data, metadata, recorded_at, hash)
    SELECT r.stream_id, r.stream_version, r.event_id, r.type, r.schema_version, r.data, r.metadata, r.recorded_at,
           decode(r.hash, 'hex')
      FROM jsonb_to_recordset($1::jsonb) AS r(stream_id text, stream_version int, event_id uuid, type text,
           schema_version int, data jsonb, metadata jsonb, recorded_at timestamptz, hash text)
      ${
        notify === 'store-after-commit'
          ? `CROSS JOIN (SELECT set_config('${NOTIFY_AFTER_COMMIT_SETTING}', '${NOTIFY_AFTER_COMMIT_VALUE}', true)) AS n`
          : ''
      }
      ${keys ? 'WHERE (SELECT ok FROM keys_hold)' : ''}
     ORDER BY r.stream_version
    RETURNING position::text AS position, event_id::text AS event_id`;

const keyChecks = ({ keys, erased }: KeyTables) => `
  WITH used AS (
         SELECT u.subject_ref, decode(u.wrapped_key, 'hex') AS wrapped_key, u.created
           FROM jsonb_to_recordset($2::jsonb) AS u(subject_ref text, wrapped_key text, created boolean)),
       stored AS (
         INSERT INTO ${keys} (subject_ref, wrapped_key)
         SELECT used.subject_ref, used.wrapped_key FROM used
          WHERE used.created AND NOT EXISTS (SELECT 1 FROM ${erased} e WHERE e.subject_ref = used.subject_ref)
         ON CONFLICT (subject_ref) DO NOTHING
         RETURNING subject_ref),
       keys_hold AS (
         SELECT coalesce(bool_and(
                  NOT EXISTS (SELECT 1 FROM ${erased} e WHERE e.subject_ref = u.subject_ref)
                  AND CASE WHEN u.created THEN EXISTS (SELECT 1 FROM stored s WHERE s.subject_ref = u.subject_ref)
                           ELSE EXISTS (SELECT 1 FROM ${keys} k
                                         WHERE k.subject_ref = u.subject_ref AND k.wrapped_key = u.wrapped_key)
                      END), false) AS ok
           FROM used u)`;

/** Prepared once per connection under this name instead of parsed and planned on every append. */
export const insertEventsName = (schema: string, notify: InsertNotify, withKeys = false) =>
  `rcrp_event_store_insert_${schema}${notify === 'trigger-at-commit' ? '_in_tx' : ''}${withKeys ? '_keys' : ''}`;

/** Around the insert inside a caller's transaction: a failed statement would abort the whole transaction. */
export const SAVEPOINT = 'SAVEPOINT rcrp_event_store_append';
export const RELEASE_SAVEPOINT = 'RELEASE SAVEPOINT rcrp_event_store_append';
export const ROLLBACK_TO_SAVEPOINT = 'ROLLBACK TO SAVEPOINT rcrp_event_store_append';
