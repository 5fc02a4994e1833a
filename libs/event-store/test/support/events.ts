import type { NewEvent } from '@rcrp/event-store';
import { v7 as uuidv7 } from 'uuid';

/** A valid new event for `incident-<id>` streams; tests override only what they are about. */
export function newEvent(
  streamId: string,
  type = 'IncidentNoted',
  data: unknown = { note: 'n' },
  overrides: Partial<NewEvent> = {},
): NewEvent {
  const incidentId = streamId.replace(/^[a-z]+-/, '');
  return {
    eventId: uuidv7(),
    type,
    schemaVersion: 1,
    incidentId,
    streamId,
    occurredAt: '2026-11-23T21:04:00.000Z',
    actor: { id: 'PC-4821', role: 'officer' },
    correlationId: uuidv7(),
    causationId: null,
    traceparent: null,
    subjectRef: null,
    data,
    ...overrides,
  };
}

export function newStreamId(): string {
  return `incident-${uuidv7()}`;
}
