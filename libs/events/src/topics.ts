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

export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}
