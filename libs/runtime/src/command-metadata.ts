import type { Actor } from '@rcrp/events';

/**
 * Who and what caused a command: copied into every event it produces (DESIGN §3). HTTP requests build it from the
 * token and headers; Kafka handlers from the consumed event (causation = that event's id).
 */
export interface CommandMetadata {
  actor: Actor;
  correlationId: string;
  causationId: string | null;
  traceparent: string | null;
}

/** The actor of events a service writes on its own behalf (consumers, the deadline scheduler). */
export function systemActor(service: string): Actor {
  return { id: `rcrp-${service}`, role: 'system' };
}
