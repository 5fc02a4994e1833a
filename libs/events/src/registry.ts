import type { EventDefinition } from './event-definition';
import { INCIDENT_EVENTS, type IncidentEvent } from './payloads/incident';
import { OUTCOME_EVENTS, type OutcomeEvent } from './payloads/outcome';
import { SUBJECT_EVENTS, type SubjectEvent } from './payloads/subject';
import { TRIAGE_EVENTS, type TriageEvent } from './payloads/triage';
import { TOPIC_OF_STREAM, type Topic } from './topics';
import type { StreamType } from './vocabulary';

/** Every event of the system, of every stream type. */
export type AnyDomainEvent = IncidentEvent | TriageEvent | OutcomeEvent | SubjectEvent;
export type EventType = AnyDomainEvent['type'];
/** The data type of one event type, for example `EventDataOf<'AdviceGiven'>`. */
export type EventDataOf<T extends EventType> = Extract<AnyDomainEvent, { type: T }>['data'];

const ALL = [...INCIDENT_EVENTS, ...TRIAGE_EVENTS, ...OUTCOME_EVENTS, ...SUBJECT_EVENTS];

/** Every event definition keyed by type: the single source for validation, encryption and AsyncAPI. */
export const EVENT_DEFINITIONS: Readonly<Record<EventType, EventDefinition<EventType>>> = Object.freeze(
  Object.fromEntries(ALL.map((definition) => [definition.type, definition])) as Record<
    EventType,
    EventDefinition<EventType>
  >,
);

export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_DEFINITIONS, type);
}

export function eventDefinitionOf(type: string): EventDefinition<EventType> | undefined {
  return isEventType(type) ? EVENT_DEFINITIONS[type] : undefined;
}

/**
 * The dotted paths into `data` holding personal data, for the event store's per-subject encryption.
 * An unknown type has none; the store should refuse unknown types before it gets here.
 * Without `schemaVersion`, or at the current version, the current paths; an older version whose paths differ
 * (ConveyanceRecorded v1 held the whole reason as text) has its own, so stored events decrypt as written.
 */
export function personalFieldsOf(type: string, schemaVersion?: number): readonly string[] {
  const definition = eventDefinitionOf(type);
  if (!definition) return [];
  if (schemaVersion === undefined || schemaVersion === definition.schemaVersion)
    return definition.personalFields;
  return definition.personalFieldsByVersion?.[schemaVersion] ?? definition.personalFields;
}

export function eventTypesOf(streamType: StreamType): readonly EventType[] {
  return ALL.filter((definition) => definition.streamType === streamType).map(
    (definition) => definition.type,
  );
}

/** The event types published on a system topic, in definition order. */
export function eventTypesOnTopic(topic: Topic): readonly EventType[] {
  return ALL.filter((definition) => TOPIC_OF_STREAM[definition.streamType] === topic).map(
    (definition) => definition.type,
  );
}
