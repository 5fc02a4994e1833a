import type { StreamType } from './vocabulary';

/** Every topic of the system (DESIGN §1). All are co-partitioned: same partition count, key = incidentId. */
export const TOPICS = {
  incidentsInbound: 'rcrp.incidents.inbound.v1',
  intakeEvents: 'rcrp.intake.events.v1',
  triageEvents: 'rcrp.triage.events.v1',
  outcomesEvents: 'rcrp.outcomes.events.v1',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

/** Event topics keep everything (retention.ms=-1): they are the replay source. */
export const EVENT_TOPICS: readonly Topic[] = [
  TOPICS.intakeEvents,
  TOPICS.triageEvents,
  TOPICS.outcomesEvents,
];

export const ALL_TOPICS: readonly Topic[] = [TOPICS.incidentsInbound, ...EVENT_TOPICS];

/** The services of DESIGN §1 (the same names as `@rcrp/database`'s `ServiceName`). */
export type TopicOwner = 'intake' | 'triage' | 'outcomes';

/**
 * The service that owns each topic's data (DESIGN §1): it publishes the events (or, for the inbound topic, is the
 * one consumer of the reports), and its per-subject keys are the only ones that decrypt their personal fields.
 */
export const TOPIC_OWNERS: Readonly<Record<Topic, TopicOwner>> = {
  [TOPICS.incidentsInbound]: 'intake',
  [TOPICS.intakeEvents]: 'intake',
  [TOPICS.triageEvents]: 'triage',
  [TOPICS.outcomesEvents]: 'outcomes',
};

/** On which topic each stream type's events travel. */
export const TOPIC_OF_STREAM: Readonly<Record<StreamType, Topic>> = {
  incident: TOPICS.intakeEvents,
  // Subjects are made by intake (the pseudonymous reference), so their erasure events are intake's too.
  subject: TOPICS.intakeEvents,
  triage: TOPICS.triageEvents,
  outcome: TOPICS.outcomesEvents,
};

export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}

export function isSystemTopic(topic: string): topic is Topic {
  return (ALL_TOPICS as readonly string[]).includes(topic);
}

/** The owner of a system topic or of its dead letters (which hold its original records); undefined for any other. */
export function topicOwnerOf(topic: string): TopicOwner | undefined {
  const source = topic.endsWith('.dlq') ? topic.slice(0, -'.dlq'.length) : topic;
  return isSystemTopic(source) ? TOPIC_OWNERS[source] : undefined;
}
