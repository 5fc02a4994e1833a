/**
 * The event envelope of DESIGN §3: the same shape in every service's event store and on every Kafka topic.
 * The Kafka message key is always `incidentId`; headers repeat `event-type`, `schema-version`, `event-id`
 * and `traceparent`.
 */
export const ACTOR_ROLES = ['officer', 'clinician', 'analyst', 'operator', 'system'] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

export interface Actor {
  id: string;
  role: ActorRole;
}

export interface EventEnvelope<TType extends string = string, TData = unknown> {
  /** UUID v7, unique across the system; the idempotency key of appends and the inbox. */
  eventId: string;
  /** PascalCase event type, for example `AdviceGiven`. */
  type: TType;
  /** Integer schema version of `data`; older versions are upcast on read. */
  schemaVersion: number;
  /** The correlation key everywhere (UUID v7, made by intake); also the Kafka message key. */
  incidentId: string;
  /** `<streamType>-<incidentId>`, for example `incident-0192…`, `triage-0192…`, `outcome-0192…`. */
  streamId: string;
  /** 1-based position of the event in its stream. */
  streamVersion: number;
  /** ISO 8601: when it happened in the world. */
  occurredAt: string;
  /** ISO 8601: when the event store recorded it. */
  recordedAt: string;
  actor: Actor;
  correlationId: string;
  /** The event id or request id that caused this event; null for none. */
  causationId: string | null;
  /** W3C traceparent of the request or message that caused the event; null when not traced. */
  traceparent: string | null;
  /**
   * Extension to DESIGN §3: the pseudonymous subject reference whose data key encrypts this event's
   * personal fields (DESIGN §6). Null when the event carries no personal data.
   */
  subjectRef: string | null;
  data: TData;
}

/** Kafka header names (DESIGN §3). */
export const EVENT_HEADERS = {
  eventType: 'event-type',
  schemaVersion: 'schema-version',
  eventId: 'event-id',
  traceparent: 'traceparent',
} as const;

/** Dead-letter headers (DESIGN §1). */
export const DLQ_HEADERS = {
  error: 'x-error',
  stage: 'x-error-stage',
  sourceTopic: 'x-source-topic',
  sourcePartition: 'x-source-partition',
  sourceOffset: 'x-source-offset',
} as const;

/**
 * Headers of sequenced dead letters (issue 20), beside DLQ_HEADERS on a dead letter of an internal event topic:
 * which consumer group refused or held it, and, for a record held back because an earlier record of the same
 * incident is a dead letter, that dead letter's position (`<dlq topic>/<partition>/<offset>`).
 */
export const PARKING_HEADERS = {
  consumerGroup: 'x-consumer-group',
  parkedBehind: 'x-parked-behind',
} as const;

/**
 * Headers `npm run dlq -- redrive` adds to a record it publishes again on its source topic: the dead letter it
 * came from (`<dlq topic>/<partition>/<offset>`), who redrove it, and the redrive it belongs to (its id, and
 * `true` on the last record of each incident) so the parked consumer lets the redriven records through in order.
 */
export const REDRIVE_HEADERS = {
  redrivenFrom: 'x-redriven-from',
  redrivenBy: 'x-redriven-by',
  redriveId: 'x-redrive-id',
  redriveLast: 'x-redrive-last',
} as const;
