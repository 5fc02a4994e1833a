import { EVENT_HEADERS, type EventEnvelope } from './envelope';
import type { ValidationResult } from './field-error';
import { validateEnvelope, type AnyEventEnvelope } from './validation';

/**
 * JSON serialisation of envelopes for Kafka values and store reads. Kafka key = incidentId; the headers
 * repeat what a consumer needs to route or dead-letter a message without parsing it.
 */
export function serialiseEnvelope(envelope: EventEnvelope): string {
  return JSON.stringify(envelope);
}

export function deserialiseEnvelope(bytes: string | Buffer): ValidationResult<AnyEventEnvelope> {
  let raw: unknown;
  try {
    raw = JSON.parse(typeof bytes === 'string' ? bytes : bytes.toString('utf8'));
  } catch (error) {
    return { ok: false, errors: [{ path: '', reason: `not valid JSON: ${(error as Error).message}` }] };
  }
  return validateEnvelope(raw);
}

export function kafkaKeyOf(envelope: EventEnvelope): string {
  return envelope.incidentId;
}

export function kafkaHeadersOf(envelope: EventEnvelope): Record<string, string> {
  const headers: Record<string, string> = {
    [EVENT_HEADERS.eventType]: envelope.type,
    [EVENT_HEADERS.schemaVersion]: String(envelope.schemaVersion),
    [EVENT_HEADERS.eventId]: envelope.eventId,
  };
  if (envelope.traceparent) headers[EVENT_HEADERS.traceparent] = envelope.traceparent;
  return headers;
}
