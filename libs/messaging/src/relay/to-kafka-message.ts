import type { Message } from 'kafkajs';
import { EVENT_HEADERS, type EventEnvelope } from '@rcrp/events';

/**
 * The Kafka record for one stored event (DESIGN §3): key = incidentId, value = the envelope JSON exactly as
 * stored (personal fields stay encrypted), headers repeating type, schema version, event id and traceparent.
 */
export function toKafkaMessage(event: EventEnvelope): Message {
  const headers: Record<string, string> = {
    [EVENT_HEADERS.eventType]: event.type,
    [EVENT_HEADERS.schemaVersion]: String(event.schemaVersion),
    [EVENT_HEADERS.eventId]: event.eventId,
  };
  if (event.traceparent) headers[EVENT_HEADERS.traceparent] = event.traceparent;
  return { key: event.incidentId, value: JSON.stringify(event), headers };
}
