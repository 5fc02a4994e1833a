import {
  ACTOR_ROLES,
  eventDefinitionOf,
  isInstant,
  repairEnvelopeTimes,
  upcast,
  UpcastError,
  type EventEnvelope,
} from '@rcrp/events';

/**
 * The replay's check of a message read from an event topic: the envelope of DESIGN §3 field by field (the same
 * constraints as `EventEnvelopeSchema`), a known type, a schema version we can upcast from — then the upcast.
 *
 * Unlike `validateEnvelope` it does not run class-validator over `data`. That costs ~80 µs an event (7.7k events/s
 * for the whole replay) and buys nothing here: every event on our topics was validated against its payload class
 * when it was appended to its service's store, and the relay publishes the stored bytes unchanged. A replay copies
 * the record; it must not refuse or alter one. What it must not do is print something that is not an event at all
 * (a poison message, another system's JSON): those fail this check and are counted as invalid.
 */
export type EnvelopeCheck = { ok: true; event: EventEnvelope } | { ok: false; reason: string };

const UUID =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/i;
const TYPE_NAME = /^[A-Z][A-Za-z0-9]*$/;
const STREAM_ID = /^(incident|triage|outcome|subject)-.+$/;
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
const ROLES: ReadonlySet<string> = new Set(ACTOR_ROLES);
const FIELDS: ReadonlySet<string> = new Set([
  'eventId',
  'type',
  'schemaVersion',
  'incidentId',
  'streamId',
  'streamVersion',
  'occurredAt',
  'recordedAt',
  'actor',
  'correlationId',
  'causationId',
  'traceparent',
  'subjectRef',
  'data',
]);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isPositiveInt = (value: unknown): boolean => Number.isInteger(value) && (value as number) >= 1;
const isText = (value: unknown, max: number): boolean =>
  typeof value === 'string' && value.length >= 1 && value.length <= max;
const absent = (value: unknown): boolean => value === null || value === undefined;

/** The first thing wrong with the envelope's own fields, or null. */
function envelopeDefect(raw: Record<string, unknown>): string | null {
  for (const key in raw) if (!FIELDS.has(key)) return `${key}: is not an envelope field`;
  if (typeof raw.eventId !== 'string' || !UUID.test(raw.eventId)) return 'eventId: must be a UUID';
  if (typeof raw.type !== 'string' || !TYPE_NAME.test(raw.type))
    return 'type: must be a PascalCase event type';
  if (!isPositiveInt(raw.schemaVersion)) return 'schemaVersion: must be an integer >= 1';
  if (typeof raw.incidentId !== 'string' || !UUID.test(raw.incidentId)) return 'incidentId: must be a UUID';
  if (!isText(raw.streamId, 200) || !STREAM_ID.test(raw.streamId as string))
    return 'streamId: must be <streamType>-<id>';
  if (!isPositiveInt(raw.streamVersion)) return 'streamVersion: must be an integer >= 1';
  if (!isInstant(raw.occurredAt)) return 'occurredAt: must be an ISO 8601 instant';
  if (!isInstant(raw.recordedAt)) return 'recordedAt: must be an ISO 8601 instant';
  const actor = raw.actor;
  if (!isObject(actor)) return 'actor: must be an object';
  for (const key in actor) if (key !== 'id' && key !== 'role') return `actor.${key}: is not an actor field`;
  if (!isText(actor.id, 200)) return 'actor.id: must be 1-200 characters';
  if (typeof actor.role !== 'string' || !ROLES.has(actor.role)) return 'actor.role: must be a known role';
  if (!isText(raw.correlationId, 200)) return 'correlationId: must be 1-200 characters';
  if (!absent(raw.causationId) && !isText(raw.causationId, 200))
    return 'causationId: must be null or 1-200 characters';
  if (
    !absent(raw.traceparent) &&
    (typeof raw.traceparent !== 'string' || !TRACEPARENT.test(raw.traceparent))
  ) {
    return 'traceparent: must be null or a W3C traceparent';
  }
  if (!absent(raw.subjectRef) && !isText(raw.subjectRef, 100))
    return 'subjectRef: must be null or 1-100 characters';
  if (!isObject(raw.data)) return 'data: must be an object';
  return null;
}

/** `raw` is the caller's freshly parsed JSON: absent nullable fields are set to null on it, not on a copy. */
export function checkReplayEnvelope(raw: unknown): EnvelopeCheck {
  if (!isObject(raw)) return { ok: false, reason: 'not a JSON object' };
  // An impossible occurredAt stored before issue 15 is repaired (to recordedAt), as every reader does.
  Object.assign(raw, repairEnvelopeTimes(raw));
  const defect = envelopeDefect(raw);
  if (defect) return { ok: false, reason: defect };
  if (!eventDefinitionOf(raw.type as string))
    return { ok: false, reason: `type: ${String(raw.type)} is not a known event type` };
  raw.causationId ??= null;
  raw.traceparent ??= null;
  raw.subjectRef ??= null;
  try {
    return { ok: true, event: upcast(raw as unknown as EventEnvelope) };
  } catch (error) {
    if (error instanceof UpcastError) return { ok: false, reason: `schemaVersion: ${error.message}` };
    throw error;
  }
}
