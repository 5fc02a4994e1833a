import type { EventEnvelope } from '@rcrp/events';
import type { HashedEventContent } from './event-hash';

/** Column list every read uses, with bigint and xid8 as text so no precision is lost in JavaScript. */
export const EVENT_COLUMNS = `position::text AS position, stream_id, stream_version, event_id::text AS event_id, type,
  schema_version, data, metadata, recorded_at, tx_id::text AS tx_id, hash`;

export interface EventRow {
  position: string;
  stream_id: string;
  stream_version: number;
  event_id: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: EventMetadata;
  recorded_at: Date;
  tx_id: string;
  hash: Buffer;
}

/** A row as the store writes it: everything but what PostgreSQL assigns at insert (`position`, `tx_id`). */
export type NewEventRow = Omit<EventRow, 'position' | 'tx_id'>;

/** What the hash chain covers of a row (event-hash.ts): all of it but position and tx_id, and the hash itself. */
export function hashedContentOf(row: Omit<NewEventRow, 'hash'>): HashedEventContent {
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

/** The envelope fields kept in the `metadata` column. */
export type EventMetadata = Pick<
  EventEnvelope,
  'incidentId' | 'occurredAt' | 'actor' | 'correlationId' | 'causationId' | 'traceparent' | 'subjectRef'
>;

export function metadataOf(event: EventMetadata): EventMetadata {
  return {
    incidentId: event.incidentId,
    occurredAt: event.occurredAt,
    actor: event.actor,
    correlationId: event.correlationId,
    causationId: event.causationId,
    traceparent: event.traceparent,
    subjectRef: event.subjectRef,
  };
}

/** The envelope exactly as stored (personal fields still encrypted, schema version not upcast). */
export function envelopeOf(row: EventRow): EventEnvelope {
  const metadata = row.metadata;
  return {
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    incidentId: metadata.incidentId,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    occurredAt: metadata.occurredAt,
    recordedAt: row.recorded_at.toISOString(),
    actor: metadata.actor,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId ?? null,
    traceparent: metadata.traceparent ?? null,
    subjectRef: metadata.subjectRef ?? null,
    data: row.data,
  };
}
